import { type BackgroundWorker, createBackgroundWorker } from '../core/background-worker.js';
import type { Core } from '../core/create-core.js';

/** The cutoff moves once a week; a few runs a day keep the database close to the window. */
const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Forgets raw events older than EVENT_RETENTION_WEEKS at start-up and every few hours, in small
 * steps between requests. Undefined when raw events are kept forever (0).
 */
export function createEventPurgeJob(core: Core): BackgroundWorker | undefined {
  if (core.config.eventRetentionWeeks === 0) return undefined;
  return createBackgroundWorker(
    'event purge',
    async (isStopped) => (await core.purge.run(isStopped)).events,
    PURGE_INTERVAL_MS,
    core.logger,
  );
}
