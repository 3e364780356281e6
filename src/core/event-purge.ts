import { performance } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { EventKey, RetentionStore } from '../db/retention-store.js';

/** Events examined per transaction: a few milliseconds of write lock, then ingestion's turn. */
export const PURGE_STEP_EVENTS = 500;

export interface EventPurgeOptions {
  retention: RetentionStore;
  /** the instant (ms) before which raw events are not kept, for a given now; undefined: keep them all */
  cutoff: (now: Date) => number | undefined;
  clock: Clock;
  logger: Logger;
}

export interface PurgeResult {
  events: number;
  counters: number;
  messages: number;
}

/**
 * Deletes raw events older than the retention window (EVENT_RETENTION_WEEKS) in small steps,
 * giving the event loop back between steps for three times as long as each took, so requests
 * are answered while it runs.
 */
export function createEventPurge({ retention, cutoff, clock, logger }: EventPurgeOptions) {
  return {
    /** One walk through every event; stops early (keeping what it did) when `isStopped()` turns true. */
    async run(isStopped: () => boolean = () => false): Promise<PurgeResult> {
      const before = cutoff(clock());
      const result = { events: 0, counters: 0, messages: 0 };
      if (before === undefined) return result;
      let after: EventKey | undefined;
      for (;;) {
        const started = performance.now();
        const step = retention.purgeEvents(after, before, PURGE_STEP_EVENTS);
        result.events += step.deleted;
        after = step.next;
        if (after === undefined || isStopped()) break;
        // Three times as long for everything else: a quarter of the time at most goes to the
        // purge, and a request never waits behind more than one step.
        await pause(Math.max(1, 3 * (performance.now() - started)));
      }
      Object.assign(result, retention.purgeBookkeeping(before));
      if (result.events > 0) {
        logger.info(
          `🧹 Forgot ${result.events} raw event(s) from before ${new Date(before).toISOString()} ` +
            '(tallies, rankings and crowns stay).',
        );
      }
      return result;
    },
  };
}

export type EventPurge = ReturnType<typeof createEventPurge>;
