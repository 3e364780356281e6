import type { Clock } from '../clock.js';
import type { IdentitiesStore } from '../db/identities-store.js';
import type { Db } from '../db/open-database.js';
import type { OtlpCountersStore } from '../db/otlp-counters-store.js';
import type { EventPlacement, HoldDecider, RecordResult, TallyChange, UsageStore } from '../db/usage-store.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import { createDayFinder } from '../weeks/day-of.js';
import { createWeekFinder } from '../weeks/week-of.js';
import { increaseSince } from './counter-increase.js';
import { tokenFields } from './token-kinds.js';
import type { CounterEvent, UsageEvent } from './usage-event.js';

export interface UsageRecorderOptions {
  db: Db;
  usage: UsageStore;
  identities: IdentitiesStore;
  otlpCounters: OtlpCountersStore;
  weekTimeZone: string;
  clock: Clock;
  /** false in local mode, where an email stands for the person itself */
  resolveEmailsThroughSlack: boolean;
  /**
   * Runs inside the same transaction as the tally change (badge awards queue their DMs here);
   * returns how many messages it queued.
   */
  onTallyChanges?: (changes: TallyChange[]) => number;
  /** Holds anomalous usage for review (runs inside the same transaction). */
  hold?: HoldDecider;
}

export interface Recorded extends RecordResult {
  /** messages queued for Slack by this write */
  queuedMessages: number;
  /** events waiting for their email to resolve */
  unresolved: number;
}

/** One request's validated events, from one source. */
export interface UsageWrite {
  source: string;
  events: UsageEvent[];
  /** readings of cumulative counters, credited by their increase (OpenTelemetry metrics) */
  counters?: CounterEvent[];
}

export interface UsageRecorder {
  /** Stores a validated batch all-or-nothing; returns what was new and what were retries. */
  record(source: string, events: UsageEvent[]): Recorded;
  /** Stores several writes in one transaction (group commit): all of them, or none. */
  recordMany(writes: UsageWrite[]): Recorded[];
  /** Attributes an email's waiting events once it resolved to a Slack user. */
  attributeEmail(email: string, userId: string): TallyChange[];
}

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { db, usage, identities, otlpCounters, clock, resolveEmailsThroughSlack, onTallyChanges, hold } = options;
  const weekFor = createWeekFinder(options.weekTimeZone);
  const dayFor = createDayFinder(options.weekTimeZone);

  function userIdFor(userRef: string, now: number): string | null {
    if (isSlackUserId(userRef) || !resolveEmailsThroughSlack) return userRef;
    const userId = identities.resolvedUserFor(userRef);
    if (userId !== undefined) return userId;
    identities.markPending(userRef, now);
    return null;
  }

  // IMMEDIATE: take the write lock up front, so another process writing at the same time
  // waits (busy_timeout) rather than failing halfway through an upgrade.
  /** The events cumulative readings add: each reading's increase since the series' last one. */
  function creditCounters(source: string, counters: CounterEvent[]): UsageEvent[] {
    const credited: UsageEvent[] = [];
    for (const { reading, kind, event } of counters) {
      const increase = increaseSince(otlpCounters.stateOf(source, reading.series), reading);
      if (increase === undefined) continue;
      otlpCounters.save(source, reading);
      const tokens = Math.round(increase);
      if (tokens > 0) credited.push({ ...event, ...tokenFields(kind, tokens) });
    }
    return credited;
  }

  function recordOne({ source, events: direct, counters = [] }: UsageWrite, now: number): Recorded {
    const credited = creditCounters(source, counters);
    const events = credited.length > 0 ? [...direct, ...credited] : direct;
    const placements: EventPlacement[] = events.map((event) => ({
      week: weekFor(event.occurredAt).key,
      day: dayFor(event.occurredAt),
      userId: userIdFor(event.userRef, now),
    }));
    const inserted = usage.insertEvents(source, events, placements, now, hold);
    // A counter reading that added nothing new is a duplicate too.
    const result = { ...inserted, duplicates: inserted.duplicates + counters.length - credited.length };
    const queuedMessages = result.tallyChanges.length > 0 ? (onTallyChanges?.(result.tallyChanges) ?? 0) : 0;
    const unresolved = placements.filter((placement) => placement.userId === null).length;
    return { ...result, queuedMessages, unresolved };
  }

  const recordInTransaction = db.transaction((writes: UsageWrite[], now: number) =>
    writes.map((write) => recordOne(write, now)),
  );

  const attributeInTransaction = db.transaction((email: string, userId: string, now: number) => {
    identities.markResolved(email, userId, now);
    const changes = usage.attributeEmail(email, userId);
    if (changes.length > 0) onTallyChanges?.(changes);
    return changes;
  });

  return {
    recordMany: (writes) => recordInTransaction.immediate(writes, clock().getTime()),
    record: (source, events) => {
      const [result] = recordInTransaction.immediate([{ source, events }], clock().getTime());
      if (!result) throw new Error('recordMany returned no result');
      return result;
    },
    attributeEmail: (email, userId) => attributeInTransaction.immediate(email, userId, clock().getTime()),
  };
}
