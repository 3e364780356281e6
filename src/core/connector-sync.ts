import type { ConnectorName, SyncSettings } from '../config.js';
import { claudeCodeConnector } from '../connectors/claude-code.js';
import { claudeEnterpriseConnector } from '../connectors/claude-enterprise.js';
import type { Connector } from '../connectors/connector.js';
import { cursorConnector } from '../connectors/cursor.js';
import { openAiConnector } from '../connectors/openai.js';
import type { ConnectorStatus } from '../connectors/render-status.js';
import type { Week } from '../weeks/week.js';
import { type SyncDeps, type SyncReport, sourceOf, syncConnector } from './sync-connector.js';

/** How long past a week's end the crown waits for a late connector before closing without it. */
export const CROWN_WAIT_LIMIT_MS = 36 * 60 * 60 * 1000;

const CONNECTORS: Record<ConnectorName, { create: (key: string) => Connector; url: keyof SyncSettings['urls'] }> = {
  'claude-code': { create: claudeCodeConnector, url: 'anthropic' },
  'claude-enterprise': { create: claudeEnterpriseConnector, url: 'anthropic' },
  cursor: { create: cursorConnector, url: 'cursor' },
  openai: { create: openAiConnector, url: 'openai' },
};

export const CONNECTOR_NAMES = Object.keys(CONNECTORS) as ConnectorName[];

export interface EnabledConnector {
  connector: Connector;
  key: string;
  baseUrl: string;
}

/** Every connector, whether its key is set or not (for status pages). */
export function allConnectors(settings: SyncSettings): Array<{ connector: Connector; enabled: boolean }> {
  return CONNECTOR_NAMES.map((name) => ({
    connector: CONNECTORS[name].create(settings.keys[name] ?? ''),
    enabled: Boolean(settings.keys[name]),
  }));
}

/** The connectors whose key is set. */
export function enabledConnectors(settings: SyncSettings): EnabledConnector[] {
  return CONNECTOR_NAMES.flatMap((name) => {
    const key = settings.keys[name];
    const entry = CONNECTORS[name];
    return key ? [{ connector: entry.create(key), key, baseUrl: settings.urls[entry.url] }] : [];
  });
}

export type SyncerDeps = Omit<SyncDeps, 'baseUrl' | 'key' | 'defersTo'> & { settings: SyncSettings };

/** One line on a connector's run: what it stored, skipped and left to pushed sources, or why it stopped. */
export function describeSyncReport(report: SyncReport): string {
  if (report.error) return report.error;
  return (
    `${report.connector}: synced from ${report.from} to now (${report.windows} window(s)), ${report.rows} row(s) stored` +
    (report.skipped > 0 ? `, ${report.skipped} without token counts skipped` : '') +
    (report.deferred > 0 ? `, ${report.deferred} left to pushed sources` : '') +
    (report.watermark === null ? '' : `; complete up to ${new Date(report.watermark).toISOString()}`) +
    (report.clamped ? `. ${describeClamp(report.clamped)}` : '')
  );
}

/** Why a run started later than asked: the raw events kept end there, and how to reach further back. */
function describeClamp(clamped: NonNullable<SyncReport['clamped']>): string {
  const { wanted, keptFrom, retentionWeeks } = clamped;
  return (
    `Started at ${keptFrom} rather than ${wanted}: older usage is outside the raw events this bot keeps ` +
    `(this week and the ${retentionWeeks} before it, EVENT_RETENTION_WEEKS=${retentionWeeks}), so it was not read; ` +
    'to backfill further back, raise EVENT_RETENTION_WEEKS first'
  );
}

/** Runs the enabled connectors (one failing never stops the others) and tells the crown who is late. */
export function createSyncer(deps: SyncerDeps) {
  const enabled = enabledConnectors(deps.settings);
  const { state } = deps;

  return {
    enabled,
    /** Syncs every enabled connector, or the named one, in turn; returns each one's report. */
    async syncAll(
      options: { connector?: string; since?: Date; isStopped?: () => boolean } = {},
    ): Promise<SyncReport[]> {
      const chosen = enabled.filter(({ connector }) => !options.connector || connector.name === options.connector);
      const reports: SyncReport[] = [];
      for (const { connector, key, baseUrl } of chosen) {
        if (options.isStopped?.()) break;
        const defersTo = deps.settings.defersTo.get(connector.name) ?? [];
        const run = { ...deps, key, baseUrl, defersTo, ...(options.isStopped ? { isStopped: options.isStopped } : {}) };
        const report = await syncConnector(connector, run, options.since);
        reports.push(report);
      }
      return reports;
    },
    /** Each connector's progress, stored rows and unmatched people, for `token-throne connectors`. */
    statuses(): ConnectorStatus[] {
      return allConnectors(deps.settings).map(({ connector, enabled: on }) => ({
        name: connector.name,
        title: connector.title,
        keyVariable: connector.keyVariable,
        enabled: on,
        state: state.stateOf(connector.name),
        counts: state.countsOf(sourceOf(connector.name)),
        unmatched: state.unmatchedOf(sourceOf(connector.name)),
      }));
    },
    /** Enabled connectors whose data does not reach the end of `week` yet. */
    lateFor(week: Week): string[] {
      return enabled
        .filter(({ connector }) => (state.stateOf(connector.name)?.watermark ?? 0) < week.end.getTime())
        .map(({ connector }) => connector.title);
    },
  };
}

export type Syncer = ReturnType<typeof createSyncer>;
