import type { Badge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { EventPlacement, RecordResult, TallyChange } from '../db/usage-store.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import { increaseSince } from '../ingest/counter-increase.js';
import { tokenFields } from '../ingest/token-kinds.js';
import type { CounterEvent, UsageEvent } from '../ingest/usage-event.js';
import { createWeekFinder } from '../weeks/week-of.js';
import { queueBadgeDms } from './queue-badge-dms.js';
import { asStorageUnavailable } from './storage-unavailable.js';
import type { Stores } from './stores.js';

export interface UsageRecorderOptions {
  db: Db;
  stores: Pick<Stores, 'usage' | 'identities' | 'otlpCounters' | 'outbox' | 'crowns'>;
  ladder: readonly Badge[];
  weekTimeZone: string;
  clock: Clock;
  /** false in local mode, where an email stands for the person itself */
  resolveEmailsThroughSlack: boolean;
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
  /**
   * Stores a validated batch all-or-nothing, with the badge DMs it earned, in one transaction;
   * returns what was new and what were retries.
   */
  record(source: string, events: UsageEvent[]): Recorded;
  /** Stores several writes in one transaction (group commit): all of them, or none. */
  recordMany(writes: UsageWrite[]): Recorded[];
  /** Attributes an email's waiting events once it resolved to a Slack user, with the badge DMs they earned. */
  attributeEmail(email: string, userId: string): TallyChange[];
}

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { db, stores, ladder, clock, resolveEmailsThroughSlack } = options;
  const { usage, identities, otlpCounters } = stores;
  const queueDms = (changes: TallyChange[], now: number) =>
    changes.length > 0 ? queueBadgeDms(changes, now, { ladder, outbox: stores.outbox, crowns: stores.crowns }) : 0;
  const weekFor = createWeekFinder(options.weekTimeZone);

  function userIdFor(userRef: string, now: number): string | null {
    if (isSlackUserId(userRef) || !resolveEmailsThroughSlack) return userRef;
    const userId = identities.resolvedUserFor(userRef);
    if (userId !== undefined) return userId;
    identities.markPending(userRef, now);
    return null;
  }

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
      userId: userIdFor(event.userRef, now),
    }));
    const inserted = usage.insertEvents(source, events, placements, now);
    // A counter reading that added nothing new is a duplicate too.
    const result = { ...inserted, duplicates: inserted.duplicates + counters.length - credited.length };
    const queuedMessages = queueDms(result.tallyChanges, now);
    const unresolved = placements.filter((placement) => placement.userId === null).length;
    return { ...result, queuedMessages, unresolved };
  }

  // IMMEDIATE: take the write lock up front, so another process writing at the same time
  // waits (busy_timeout) rather than failing halfway through an upgrade.
  const recordInTransaction = db.transaction((writes: UsageWrite[], now: number) =>
    writes.map((write) => recordOne(write, now)),
  );

  const attributeInTransaction = db.transaction((email: string, userId: string, now: number) => {
    identities.markResolved(email, userId, now);
    const changes = usage.attributeEmail(email, userId);
    queueDms(changes, now);
    return changes;
  });

  function storing<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      throw asStorageUnavailable(error);
    }
  }

  return {
    recordMany: (writes) => storing(() => recordInTransaction.immediate(writes, clock().getTime())),
    record: (source, events) => {
      const [result] = storing(() => recordInTransaction.immediate([{ source, events }], clock().getTime()));
      if (!result) throw new Error('recordMany returned no result');
      return result;
    },
    attributeEmail: (email, userId) =>
      storing(() => attributeInTransaction.immediate(email, userId, clock().getTime())),
  };
}
