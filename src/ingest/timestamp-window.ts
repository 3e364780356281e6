import { retentionCutoff } from '../weeks/retention-cutoff.js';
import { weekOf } from '../weeks/week-of.js';

const MAX_FUTURE_MS = 5 * 60 * 1000;

/** When an event may have happened to be taken: one reading of the clock, for every intake. */
export interface TimestampWindow {
  now: Date;
  /** the retention cutoff (see retentionCutoff); undefined when raw events are kept forever */
  earliest: Date | undefined;
  /** EVENT_RETENTION_WEEKS, named in the refusal of an event before `earliest` */
  retentionWeeks: number;
}

/**
 * The window at any `now`, for a bot keeping `retentionWeeks` weeks of raw events with weeks
 * starting in `zone`. The cutoff moves only when a week starts, so it is worked out once a week
 * (zone arithmetic is slow next to taking one event).
 */
export function createTimestampWindows(retentionWeeks: number, zone: string): (now: Date) => TimestampWindow {
  let week: { start: number; end: number; earliest: Date | undefined } | undefined;
  return (now) => {
    const ms = now.getTime();
    if (!week || ms < week.start || ms >= week.end) {
      const { start, end } = weekOf(now, zone);
      week = { start: start.getTime(), end: end.getTime(), earliest: retentionCutoff(now, retentionWeeks, zone) };
    }
    return { now, earliest: week.earliest, retentionWeeks };
  };
}

/**
 * Why an event's time (ms since the epoch) is refused, or undefined when it is taken. More than
 * 5 minutes ahead is a sender's clock gone wrong. Before the retention cutoff, the id of an event
 * stored back then may already be purged, so a retry would count it twice.
 */
export function timestampProblem(occurredAt: number, window: TimestampWindow): string | undefined {
  const { now, earliest, retentionWeeks } = window;
  if (occurredAt > now.getTime() + MAX_FUTURE_MS) {
    return `is more than 5 minutes in the future (the server's time is ${now.toISOString()})`;
  }
  if (earliest !== undefined && occurredAt < earliest.getTime()) {
    return (
      `is before ${earliest.toISOString()}: this bot keeps raw events for this week and the ${retentionWeeks} ` +
      `before it (EVENT_RETENTION_WEEKS=${retentionWeeks}), and refuses older ones, since a retry arriving ` +
      'after its id was purged would count twice. To backfill older usage, raise EVENT_RETENTION_WEEKS first.'
    );
  }
  return undefined;
}
