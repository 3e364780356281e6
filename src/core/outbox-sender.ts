import type { Logger } from '@slack/bolt';
import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { OutboxRow, OutboxStore } from '../db/outbox-store.js';
import { ThroneError } from '../errors.js';
import type { SlackApi } from '../slack/api/slack-api.js';
import { blocksAsText } from '../slack/blocks/blocks-as-text.js';
import { createBackgroundWorker } from './background-worker.js';

/** Longer than a Web API call may take (its timeout), so a live sender never loses its claim. */
export const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;
const POLL_MS = 500;

// Slack answers that no retry can fix: the message is marked failed and logged. A refused
// token (invalid_auth, token_revoked) is not among them: it is retried with backoff until an
// operator fixes SLACK_BOT_TOKEN, so no message is lost to a configuration mistake.
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'restricted_action',
]);

/** `rateLimited` retries are Slack's pacing, not the message's fault: they add no backoff. */
type Outcome =
  | { kind: 'retry'; afterMs: number; error: string; rateLimited?: true }
  | { kind: 'failed'; error: string };

/** Decides what a failed delivery means: wait and retry (429, 5xx, network) or give up. */
export function classifyFailure(error: unknown, attempts: number): Outcome {
  const callError = error as WebAPICallError;
  const backoff = Math.min(MAX_BACKOFF_MS, 2 ** Math.min(Math.max(attempts - 1, 0), 20) * 1000);
  if (error instanceof ThroneError && error.code === 'rate_limited') {
    return {
      kind: 'retry',
      afterMs: Math.max(1, error.retryAfterSeconds ?? 1) * 1000,
      error: error.message,
      rateLimited: true,
    };
  }
  if (callError.code === ErrorCode.PlatformError) {
    const code = String(callError.data.error);
    return PERMANENT_ERRORS.has(code)
      ? { kind: 'failed', error: `Slack refused it: ${code}` }
      : { kind: 'retry', afterMs: backoff, error: `Slack error ${code}` };
  }
  return { kind: 'retry', afterMs: backoff, error: (error as Error).message };
}

export interface OutboxSenderOptions {
  outbox: OutboxStore;
  /** undefined in local mode: messages are printed instead */
  slack: SlackApi | undefined;
  clock: Clock;
  logger: Logger;
}

/**
 * Delivers queued messages. A row is claimed before the call and marked sent right after
 * Slack confirms it, so a confirmed message is never sent again; the only window for a
 * repeat is a crash between Slack's answer and that one local write. 429s wait for their
 * Retry-After, 5xx and network errors back off, nothing is dropped.
 */
export function createOutboxSender(options: OutboxSenderOptions) {
  const { outbox, slack, clock, logger } = options;

  async function deliver(row: OutboxRow): Promise<void> {
    if (!slack) {
      const to = row.channel ? `channel ${row.channel}` : `DM to ${row.userId}`;
      const body = row.blocks ? blocksAsText(JSON.parse(row.blocks) as unknown[]) : row.text;
      logger.info(`📬 [local mode: ${row.kind} → ${to}]\n${body}`);
      outbox.markSent(row.id, 'local', clock().getTime());
      return;
    }
    try {
      // A DM goes to the person's user ID: one call, no conversations.open first.
      const channel = row.channel ?? row.userId ?? '';
      const blocks = row.blocks ? (JSON.parse(row.blocks) as unknown[]) : undefined;
      const { ts } = await slack.postMessage({ channel, text: row.text, ...(blocks ? { blocks } : {}) });
      outbox.markSent(row.id, ts, clock().getTime());
    } catch (error) {
      const outcome = classifyFailure(error, row.attempts);
      if (outcome.kind === 'failed') {
        outbox.markFailed(row.id, outcome.error);
        logger.error(`Outbox message ${row.id} (${row.kind}) cannot be delivered: ${outcome.error}`);
      } else {
        outbox.markRetry(row.id, clock().getTime() + outcome.afterMs, outcome.error, !outcome.rateLimited);
        logger.warn(
          `Outbox message ${row.id} (${row.kind}): ${outcome.error}; retrying in ${outcome.afterMs / 1000}s.`,
        );
      }
    }
  }

  async function drain(isStopped: () => boolean): Promise<number> {
    let delivered = 0;
    // One message at a time, so stopping waits for at most one Slack call; none while Slack
    // has chat.postMessage waiting out a Retry-After, so a burst meets one 429, not one each.
    while (!isStopped() && slack?.resumesAt('chat.postMessage') === undefined) {
      const [row] = outbox.claimDue(clock().getTime(), LEASE_MS, 1);
      if (!row) break;
      await deliver(row);
      delivered += 1;
    }
    return delivered;
  }

  const worker = createBackgroundWorker('outbox sender', drain, POLL_MS, logger);
  /** Delivers everything due now; concurrent calls share one run. */
  const deliverDue = worker.runOnce;

  /** When the next waiting message may be sent: its own retry time, or later if Slack paused sending. */
  function nextAttemptAt(): number | undefined {
    const next = outbox.nextPendingAt();
    if (next === undefined) return undefined;
    return Math.max(next, slack?.resumesAt('chat.postMessage') ?? next);
  }

  return {
    deliverDue,
    /** Keeps delivering until nothing is waiting, or `timeoutMs` passes: for one-shot CLI runs. */
    async deliverAll(timeoutMs: number): Promise<boolean> {
      const deadlineMs = clock().getTime() + timeoutMs;
      for (;;) {
        await deliverDue();
        const next = nextAttemptAt();
        if (next === undefined) return true;
        const wait = Math.max(50, next - clock().getTime());
        if (clock().getTime() + wait > deadlineMs) return false;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    start: worker.start,
    /** Stops polling and lets a delivery in progress finish and record its outcome. */
    stop: worker.stop,
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
