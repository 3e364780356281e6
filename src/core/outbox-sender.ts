import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

// Answers that mean this workspace takes no files from the bot: the message goes without its picture.
const FILES_REFUSED = new Set([
  'missing_scope',
  'not_allowed_token_type',
  'file_uploads_disabled',
  'file_uploads_except_images_disabled',
]);

function platformCode(error: unknown): string {
  return String((error as WebAPICallError & { data: { error: unknown } }).data.error);
}

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
    const code = platformCode(error);
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
  /** where local mode writes the pictures that go with messages (podium cards) */
  filesDir: string;
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
  const { outbox, slack, filesDir, clock, logger } = options;

  /** Local mode: the picture goes to a file whose path is printed with the message. */
  function writeLocalFile(row: OutboxRow): string {
    if (!row.fileBytes || !row.fileName) return '';
    mkdirSync(filesDir, { recursive: true });
    const path = join(filesDir, row.fileName);
    writeFileSync(path, row.fileBytes);
    return `\n🖼️ ${row.fileTitle ?? row.fileName}: ${path}`;
  }

  /**
   * Posts the row's message; with a file, the file is shared with the message as one post. If
   * the workspace refuses files (no files:write scope yet, uploads turned off), the message goes
   * without its picture rather than never: nothing was posted by the refused share.
   */
  async function send(slackApi: SlackApi, row: OutboxRow): Promise<string> {
    // A DM goes to the person's user ID: one call, no conversations.open first.
    const channel = row.channel ?? row.userId ?? '';
    const blocks = row.blocks ? (JSON.parse(row.blocks) as unknown[]) : undefined;
    if (row.fileBytes && row.fileName) {
      try {
        const fileId = await slackApi.shareFile({
          channel,
          filename: row.fileName,
          title: row.fileTitle ?? row.fileName,
          bytes: row.fileBytes,
          blocks,
          text: row.text,
          altText: row.fileTitle ?? row.text,
        });
        return `file:${fileId}`;
      } catch (error) {
        const code = (error as WebAPICallError).code === ErrorCode.PlatformError ? platformCode(error) : undefined;
        if (!code || !FILES_REFUSED.has(code)) throw error;
        logger.warn(
          `Outbox message ${row.id} (${row.kind}): Slack refused its picture (${code}); posting it without. ` +
            'Add the files:write scope and reinstall the app to share podium cards.',
        );
      }
    }
    return (await slackApi.postMessage({ channel, text: row.text, ...(blocks ? { blocks } : {}) })).ts;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    if (!slack) {
      const to = row.channel ? `channel ${row.channel}` : `DM to ${row.userId}`;
      const body = row.blocks ? blocksAsText(JSON.parse(row.blocks) as unknown[]) : row.text;
      logger.info(`📬 [local mode: ${row.kind} → ${to}]\n${body}${writeLocalFile(row)}`);
      outbox.markSent(row.id, 'local', clock().getTime());
      return;
    }
    try {
      outbox.markSent(row.id, await send(slack, row), clock().getTime());
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
