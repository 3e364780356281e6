import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { IdentitiesStore } from '../db/identities-store.js';
import { ThroneError } from '../errors.js';
import type { SlackApi } from '../slack/api/slack-api.js';
import { type BackgroundWorker, createBackgroundWorker } from './background-worker.js';
import type { UsageRecorder } from './record-usage.js';

/** A person not in Slack yet may join later: look again after this long. */
export const NOT_FOUND_RETRY_MS = 6 * 60 * 60 * 1000;
const MAX_ERROR_BACKOFF_MS = 60 * 60 * 1000;
const BATCH = 50;

export interface EmailResolverOptions {
  identities: IdentitiesStore;
  recorder: UsageRecorder;
  slack: SlackApi;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}

/**
 * Resolves the emails that events named to Slack users (users.lookupByEmail, once per email)
 * and attributes their waiting events. Runs on a timer and when woken after ingestion.
 */
export function createEmailResolver(options: EmailResolverOptions): BackgroundWorker {
  const { identities, recorder, slack, clock, logger, intervalMs = 30_000 } = options;

  async function resolveOne(email: string, attempts: number): Promise<void> {
    const now = clock().getTime();
    try {
      const lookup = await slack.lookupByEmail(email);
      if (lookup.kind === 'found') {
        const changes = recorder.attributeEmail(email, lookup.userId);
        logger.info(`Resolved an email to ${lookup.userId}; attributed usage in ${changes.length} week(s).`);
      } else {
        identities.markRetry(email, 'not_found', now + NOT_FOUND_RETRY_MS, now);
      }
    } catch (error) {
      if (error instanceof ThroneError && error.code === 'rate_limited') {
        // Not this email's fault: it stays due, with no attempt counted, so it is looked up
        // first once the method may be called again (drain stops while it is paused).
        logger.warn(`${error.message}; looking up emails again in ${error.retryAfterSeconds ?? 1}s.`);
        return;
      }
      const backoffMs = Math.min(MAX_ERROR_BACKOFF_MS, 2 ** attempts * 30_000);
      identities.markRetry(email, 'pending', now + backoffMs, now);
      logger.warn(`users.lookupByEmail failed (${(error as Error).message}); retrying in ${backoffMs / 1000}s.`);
    }
  }

  async function drain(isStopped: () => boolean): Promise<number> {
    let resolved = 0;
    for (let due = identities.dueEmails(clock().getTime(), BATCH); due.length > 0; ) {
      for (const { email, attempts } of due) {
        // After a 429 every lookup would meet another: wait for Retry-After, then go on.
        if (isStopped() || slack.resumesAt('users.lookupByEmail') !== undefined) return resolved;
        await resolveOne(email, attempts);
        resolved += 1;
      }
      due = identities.dueEmails(clock().getTime(), BATCH);
    }
    return resolved;
  }

  return createBackgroundWorker('email resolver', drain, intervalMs, logger);
}

export type EmailResolver = BackgroundWorker;
