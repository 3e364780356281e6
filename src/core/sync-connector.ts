import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import { type Connector, DAY_MS, type PulledRow, type SyncWindow } from '../connectors/connector.js';
import { firstKeptBucket, pulledEvents } from '../connectors/pulled-events.js';
import { createVendorClient } from '../connectors/vendor-client.js';
import type { ConnectorStateStore } from '../db/connector-state-store.js';
import type { IdentitiesStore } from '../db/identities-store.js';
import type { Db } from '../db/open-database.js';
import { ThroneError } from '../errors.js';
import type { UsageEvent } from '../ingest/usage-event.js';
import { retentionCutoff } from '../weeks/retention-cutoff.js';
import { previousWeek, weekOf } from '../weeks/week-of.js';
import type { UsageRecorder } from './record-usage.js';

export interface SyncDeps {
  db: Db;
  recorder: UsageRecorder;
  state: ConnectorStateStore;
  identities: IdentitiesStore;
  weekTimeZone: string;
  /** EVENT_RETENTION_WEEKS: nothing older than its cutoff is read (0: no cutoff) */
  retentionWeeks: number;
  clock: Clock;
  logger: Logger;
  /** the vendor's API base URL (ANTHROPIC_API_URL, …) */
  baseUrl: string;
  key: string;
  /** pushed sources authoritative for this connector's tool (PULL_DEFERS_TO) */
  defersTo: readonly string[];
  /** checked between windows: a stopping bot ends the run after the window in hand */
  isStopped?: () => boolean;
}

export interface SyncReport {
  connector: string;
  /** the first UTC day this run read */
  from: string;
  windows: number;
  rows: number;
  skipped: number;
  deferred: number;
  /** rows stored without a Slack user yet */
  unresolved: number;
  watermark: number | null;
  overlap: string | null;
  /** set when the run would have started before the retention cutoff, and started at it instead */
  clamped: { wanted: string; keptFrom: string; retentionWeeks: number } | null;
  error: string | undefined;
}

export const sourceOf = (connector: string) => `pull:${connector}`;

const startOfUtcDay = (ms: number) => ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);

/** Windows of `days` UTC days from `from` (floored to its day) up to the one holding `now`. */
export function windowsToSync(from: number, now: number, days = 1): SyncWindow[] {
  const windows: SyncWindow[] = [];
  for (let start = startOfUtcDay(from); start <= now; start += days * DAY_MS) {
    windows.push({ start: new Date(start), end: new Date(start + days * DAY_MS) });
  }
  return windows;
}

/**
 * Where a run starts: `since` when given; else the watermark less the connector's trailing
 * window (re-reading buckets the vendor still fills or revises); on a first run, the start of
 * last week, so its crown can count this source.
 */
export function syncStart(connector: Connector, watermark: number | null, now: Date, zone: string, since?: Date) {
  if (since) return since.getTime();
  if (watermark !== null) return watermark - connector.trailingMs;
  return previousWeek(weekOf(now, zone), zone).start.getTime();
}

/**
 * Pulls one connector from its start to now, window by window. Each window is fetched whole
 * (every page) and then stored in one transaction that replaces the window's previous snapshot,
 * updates the tallies and moves the watermark; an error stops the run with nothing half-stored.
 */
export async function syncConnector(connector: Connector, deps: SyncDeps, since?: Date): Promise<SyncReport> {
  const { db, recorder, state, identities, clock, logger } = deps;
  const source = sourceOf(connector.name);
  const now = clock();
  state.markAttempt(connector.name, now.getTime());
  const client = createVendorClient({
    connector: connector.name,
    keyVariable: connector.keyVariable,
    key: deps.key,
    baseUrl: deps.baseUrl,
    ...connector.client,
    onWait: (line) => logger.warn(line),
  });
  const wanted = syncStart(connector, state.stateOf(connector.name)?.watermark ?? null, now, deps.weekTimeZone, since);
  // Buckets older than the raw events kept are not stored: the purge would soon delete them, and
  // then a re-poll would count them again.
  const cutoff = retentionCutoff(now, deps.retentionWeeks, deps.weekTimeZone);
  const keptFrom = cutoff && firstKeptBucket(cutoff.getTime(), connector.bucketMs, deps.weekTimeZone);
  const start = keptFrom === undefined ? wanted : Math.max(wanted, keptFrom);
  const report: SyncReport = {
    connector: connector.name,
    from: new Date(start).toISOString().slice(0, 10),
    windows: 0,
    rows: 0,
    skipped: 0,
    deferred: 0,
    unresolved: 0,
    watermark: null,
    overlap: null,
    clamped:
      start > wanted
        ? {
            wanted: new Date(wanted).toISOString().slice(0, 10),
            keptFrom: new Date(start).toISOString(),
            retentionWeeks: deps.retentionWeeks,
          }
        : null,
    error: undefined,
  };

  /** Rows of people a pushed source authoritative for this tool reported the same day are left to it. */
  function withoutDeferred(rows: PulledRow[], window: SyncWindow): PulledRow[] {
    if (deps.defersTo.length === 0) return rows;
    const pushed = new Set<string>();
    for (const pushedSource of deps.defersTo) {
      for (const usage of state.pushedIn(pushedSource, window.start.getTime(), window.end.getTime())) {
        pushed.add(usage.userRef);
        if (usage.userId) pushed.add(usage.userId);
      }
    }
    const kept = rows.filter(
      (row) => !pushed.has(row.person) && !pushed.has(identities.resolvedUserFor(row.person) ?? row.person),
    );
    report.deferred += rows.length - kept.length;
    return kept;
  }

  const store = db.transaction((window: SyncWindow, kept: SyncWindow, events: UsageEvent[], fetchedAt: number) => {
    if (state.claimWindow(connector.name, window.start.getTime(), fetchedAt)) {
      const range = { from: kept.start.toISOString(), to: kept.end.toISOString() };
      report.unresolved += recorder.replaceWindow(source, range, events).unresolved;
    }
    const watermark = state.stateOf(connector.name)?.watermark ?? null;
    // Contiguous with what is stored: the watermark may move up to what this window made complete.
    if (watermark === null || window.start.getTime() <= watermark) {
      state.advanceWatermark(connector.name, Math.min(window.end.getTime(), fetchedAt - connector.lagMs));
    }
  });

  try {
    for (const window of windowsToSync(start, now.getTime(), connector.windowDays)) {
      if (deps.isStopped?.()) break;
      const fetchedAt = clock().getTime();
      const pulled = await connector.fetchWindow(client, window);
      // The part of the window kept: all of it, but for the window the retention cutoff falls in.
      const kept = { start: new Date(Math.max(window.start.getTime(), keptFrom ?? 0)), end: window.end };
      const inWindow = pulled.rows.filter((row) => row.start >= kept.start.getTime() && row.start < kept.end.getTime());
      const events = pulledEvents(withoutDeferred(inWindow, window), deps.weekTimeZone);
      store.immediate(window, kept, events, fetchedAt);
      report.windows += 1;
      report.rows += events.length;
      report.skipped += pulled.skipped;
    }
    report.overlap = overlapWarning(connector, deps, new Date(start).toISOString(), start);
    state.markSuccess(connector.name, clock().getTime(), report.skipped, report.deferred, report.overlap);
    if (report.overlap) logger.warn(report.overlap);
  } catch (error) {
    report.error =
      error instanceof ThroneError ? error.message : `${connector.name}: sync failed (${(error as Error).message})`;
    state.markFailure(connector.name, report.error.split(deps.key).join('[redacted]'));
  }
  report.watermark = state.stateOf(connector.name)?.watermark ?? null;
  return report;
}

/**
 * Pushed and pulled usage of the same model by the same people on the same UTC day since `from`:
 * likely one tool counted twice, unless the operator lets one source be authoritative (PULL_DEFERS_TO).
 */
function overlapWarning(connector: Connector, deps: SyncDeps, fromId: string, from: number): string | null {
  const pulled = new Set(
    deps.state
      .pulledSince(sourceOf(connector.name), fromId)
      .map((row) => `${row.userId}\u0000${row.model}\u0000${row.day}`),
  );
  if (pulled.size === 0) return null;
  const people = new Map<string, Set<string>>();
  for (const usage of deps.state.pushedSince(from)) {
    if (!pulled.has(`${usage.userId}\u0000${usage.model}\u0000${usage.day}`)) continue;
    const set = people.get(usage.source) ?? new Set<string>();
    set.add(usage.userId);
    people.set(usage.source, set);
  }
  if (people.size === 0) return null;
  const sources = [...people].map(
    ([pushed, set]) => `"${pushed}" (${set.size} ${set.size === 1 ? 'person' : 'people'})`,
  );
  return (
    `${connector.name}: pushed source ${sources.join(', ')} also reports the same models for the same people; ` +
    `they may be counted twice. Set PULL_DEFERS_TO=${connector.name}:<source> to let the pushed source count ` +
    `for them, or stop one of the two.`
  );
}
