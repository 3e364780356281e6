import type { Badge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { mergeTallyChanges, type TallyChange } from '../db/tally-deltas.js';
import type { EventPlacement, HoldContext, HoldDecider, RecordResult } from '../db/usage-store.js';
import { isAnonymousRef, UNNAMED } from '../identity/anonymous-ref.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import { increaseSince } from '../ingest/counter-increase.js';
import { creditedTelemetry } from '../ingest/telemetry-precedence.js';
import { createTimestampWindows } from '../ingest/timestamp-window.js';
import { tokenFields } from '../ingest/token-kinds.js';
import type { CounterEvent, UsageEvent } from '../ingest/usage-event.js';
import { createDayFinder } from '../weeks/day-of.js';
import { createWeekFinder } from '../weeks/week-of.js';
import { queueBadgeDms } from './queue-badge-dms.js';
import { asStorageUnavailable } from './storage-unavailable.js';
import type { Stores } from './stores.js';

export interface UsageRecorderOptions {
  db: Db;
  /** anonymousPeople: operators' mappings of anonymous telemetry ids to people; telemetryScopes:
   * where coding agents' per-request events were seen (their metrics then add nothing) */
  stores: Pick<
    Stores,
    'usage' | 'identities' | 'otlpCounters' | 'outbox' | 'crowns' | 'anonymousPeople' | 'telemetryScopes'
  >;
  ladder: readonly Badge[];
  weekTimeZone: string;
  /** EVENT_RETENTION_WEEKS: counters whose state the purge may have forgotten start again from their next reading */
  retentionWeeks: number;
  clock: Clock;
  /** false in local mode, where an email stands for the person itself */
  resolveEmailsThroughSlack: boolean;
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
  /**
   * Stores a validated batch all-or-nothing, with the badge DMs it earned, in one transaction;
   * returns what was new and what were retries.
   */
  record(source: string, events: UsageEvent[]): Recorded;
  /** Stores several writes in one transaction (group commit): all of them, or none. */
  recordMany(writes: UsageWrite[]): Recorded[];
  /** Attributes an email's waiting events once it resolved to a Slack user, with the badge DMs they earned. */
  attributeEmail(email: string, userId: string): TallyChange[];
  /**
   * Maps an anonymous id of a source to a person (a Slack user ID or lower-cased email), once:
   * its stored events count for that person (as soon as an email resolves) and so do later ones.
   */
  mapAnonymous(source: string, anonymousRef: string, person: string): { moved: number; changes: TallyChange[] };
  /**
   * Replaces a pulled snapshot: the source's events with ids in [window.from, window.to) are taken
   * out of the tallies and deleted, then `events` are stored, in one transaction (nested in the
   * caller's, if any). A person reference without "@" (an API key, an unknown vendor user) is kept
   * unattributed. Badge checks see each person's total before and after the whole replacement.
   */
  replaceWindow(source: string, window: { from: string; to: string }, events: UsageEvent[]): Recorded;
}

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { db, stores, ladder, clock, resolveEmailsThroughSlack } = options;
  const { usage, identities, otlpCounters, anonymousPeople, telemetryScopes } = stores;
  const queueDms = (changes: TallyChange[], now: number) =>
    changes.length > 0 ? queueBadgeDms(changes, now, { ladder, outbox: stores.outbox, crowns: stores.crowns }) : 0;
  const weekFor = createWeekFinder(options.weekTimeZone);
  const dayFor = createDayFinder(options.weekTimeZone);

  function userIdFor(userRef: string, now: number): string | null {
    // Anonymous telemetry counts for nobody until the operator maps its id to a person.
    if (isAnonymousRef(userRef)) return null;
    if (isSlackUserId(userRef) || !resolveEmailsThroughSlack) return userRef;
    const userId = identities.resolvedUserFor(userRef);
    if (userId !== undefined) return userId;
    identities.markPending(userRef, now);
    return null;
  }

  const windowAt = createTimestampWindows(options.retentionWeeks, options.weekTimeZone);

  /** The retention cutoff in nanoseconds; undefined when raw events are kept forever. */
  function keptSinceNs(): bigint | undefined {
    const { earliest } = windowAt(clock());
    return earliest === undefined ? undefined : BigInt(earliest.getTime()) * 1_000_000n;
  }

  /** The events cumulative readings add: each reading's increase since the series' last one. */
  function creditCounters(source: string, counters: CounterEvent[]): UsageEvent[] {
    const credited: UsageEvent[] = [];
    for (const { reading, kind, event } of counters) {
      const state = otlpCounters.stateOf(source, reading.series);
      const increase = increaseSince(state, reading, state ? undefined : keptSinceNs());
      if (increase === undefined) continue;
      otlpCounters.save(source, reading);
      const tokens = Math.round(increase);
      if (tokens > 0) credited.push({ ...event, ...tokenFields(kind, tokens) });
    }
    return credited;
  }

  /** An anonymous id the operator mapped to a person counts as that person from then on. */
  function withMappedPerson(source: string, event: UsageEvent): UsageEvent {
    if (!isAnonymousRef(event.userRef)) return event;
    const person = anonymousPeople.personFor(source, event.userRef);
    return person === undefined ? event : { ...event, userRef: person };
  }

  /**
   * Applies the precedence rule (telemetry-precedence.ts) to a write: drops a coding agent's
   * aggregate usage where its per-request events already count it, and when a person's events
   * arrive for the first time, takes back the aggregates stored since the first of them (a metric
   * export that got in before the events counted the same requests).
   */
  function applyPrecedence(source: string, events: UsageEvent[], now: number): UsageEvent[] {
    if (!events.some((event) => event.telemetry)) return events;
    const items = events.flatMap((event) =>
      event.telemetry ? [{ event, item: { origin: event.telemetry, userRef: event.userRef } }] : [],
    );
    const { credited, firstSeen } = creditedTelemetry(
      items.map(({ item }) => item),
      (agent, userRef) => telemetryScopes.requestsSeen(source, agent, userRef),
      UNNAMED,
    );
    for (const { agent, userRef } of firstSeen) {
      telemetryScopes.markSeen(source, agent, userRef, now);
      const since = Math.min(
        ...items
          .filter(({ item }) => item.userRef === userRef && item.origin.agent === agent)
          .map(({ event }) => event.occurredAt),
      );
      const stale = telemetryScopes.aggregatesSince(source, agent, userRef, since);
      for (const eventId of stale) telemetryScopes.forgetAggregate(source, eventId);
      // Tallies only go down here, so no badge can be earned by it.
      usage.removeEvents(source, stale);
    }
    const superseded = new Set(items.filter((_, index) => !credited[index]).map(({ event }) => event));
    const kept = superseded.size === 0 ? events : events.filter((event) => !superseded.has(event));
    for (const event of kept) {
      if (event.telemetry?.signal === 'aggregate') {
        telemetryScopes.recordAggregate(source, event.id, event.telemetry.agent, event.userRef);
      }
    }
    return kept;
  }

  function recordOne({ source, events: direct, counters = [] }: UsageWrite, now: number, hold?: HoldContext): Recorded {
    const credited = creditCounters(source, counters);
    const all = (credited.length > 0 ? [...direct, ...credited] : direct).map((event) =>
      withMappedPerson(source, event),
    );
    const events = applyPrecedence(source, all, now);
    const placements: EventPlacement[] = events.map((event) => ({
      week: weekFor(event.occurredAt).key,
      day: dayFor(event.occurredAt),
      userId: userIdFor(event.userRef, now),
    }));
    const inserted = usage.insertEvents(source, events, placements, now, hold);
    // A counter reading that added nothing new, or usage another signal already counts, is a
    // duplicate too.
    const notNew = counters.length - credited.length + all.length - events.length;
    const result = { ...inserted, duplicates: inserted.duplicates + notNew };
    const queuedMessages = queueDms(result.tallyChanges, now);
    const unresolved = placements.filter((placement) => placement.userId === null).length;
    return { ...result, queuedMessages, unresolved };
  }

  // IMMEDIATE: take the write lock up front, so another process writing at the same time
  // waits (busy_timeout) rather than failing halfway through an upgrade.
  const recordInTransaction = db.transaction((writes: UsageWrite[], now: number) => {
    const hold = options.hold && { decider: options.hold, pending: options.hold.pendingReviews() };
    return writes.map((write) => recordOne(write, now, hold));
  });

  const attributeInTransaction = db.transaction((email: string, userId: string, now: number) => {
    identities.markResolved(email, userId, now);
    const changes = usage.attributeEmail(email, userId);
    queueDms(changes, now);
    return changes;
  });

  const mapAnonymousInTransaction = db.transaction(
    (source: string, anonymousRef: string, person: string, now: number) => {
      const moved = anonymousPeople.map(source, anonymousRef, person, now);
      const userId = userIdFor(person, now);
      // attributeEmail attributes the waiting events of any user_ref, a Slack user ID too.
      const changes = userId === null ? [] : usage.attributeEmail(person, userId);
      queueDms(changes, now);
      return { moved, changes };
    },
  );

  const replaceInTransaction = db.transaction(
    (source: string, window: { from: string; to: string }, polled: UsageEvent[], now: number): Recorded => {
      const { changes: removed, kept } = usage.removeEventRange(source, window.from, window.to);
      // A voided or held bucket stays as the correction or review left it.
      const events = polled.filter((event) => !kept.has(event.id));
      const placements: EventPlacement[] = events.map((event) => ({
        week: weekFor(event.occurredAt).key,
        day: dayFor(event.occurredAt),
        userId: event.userRef.includes('@') ? userIdFor(event.userRef, now) : null,
      }));
      const inserted = usage.insertEvents(source, events, placements, now);
      const tallyChanges = mergeTallyChanges([...removed, ...inserted.tallyChanges]).filter(
        (change) => change.after !== change.before,
      );
      const queuedMessages = queueDms(tallyChanges, now);
      const unresolved = placements.filter((placement) => placement.userId === null).length;
      return { ...inserted, tallyChanges, queuedMessages, unresolved };
    },
  );

  /** Names new to the database are stored before the write's transaction (see names-store.ts). */
  function prepareNames(writes: readonly UsageWrite[]): void {
    for (const { source, events, counters = [] } of writes) {
      usage.prepareNames(source, counters.length === 0 ? events : [...events, ...counters.map(({ event }) => event)]);
    }
  }

  function storing<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      throw asStorageUnavailable(error);
    }
  }

  const recordMany = (writes: UsageWrite[]): Recorded[] =>
    storing(() => {
      prepareNames(writes);
      return recordInTransaction.immediate(writes, clock().getTime());
    });

  return {
    mapAnonymous: (source, anonymousRef, person) =>
      storing(() => mapAnonymousInTransaction.immediate(source, anonymousRef, person, clock().getTime())),
    replaceWindow: (source, window, events) =>
      storing(() => {
        prepareNames([{ source, events }]);
        return replaceInTransaction.immediate(source, window, events, clock().getTime());
      }),
    recordMany,
    record: (source, events) => {
      const [result] = recordMany([{ source, events }]);
      if (!result) throw new Error('recordMany returned no result');
      return result;
    },
    attributeEmail: (email, userId) =>
      storing(() => attributeInTransaction.immediate(email, userId, clock().getTime())),
  };
}
