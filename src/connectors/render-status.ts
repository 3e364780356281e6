import type { ConnectorState, PulledRowCounts, UnmatchedPerson } from '../db/connector-state-store.js';
import { formatTokens } from '../leaderboard/format-tokens.js';

export interface ConnectorStatus {
  name: string;
  title: string;
  keyVariable: string;
  enabled: boolean;
  state: ConnectorState | undefined;
  counts: PulledRowCounts;
  unmatched: UnmatchedPerson[];
}

const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace('.000Z', 'Z') : 'never');
const SHOWN_UNMATCHED = 20;

/** `token-throne connectors`: each connector's progress, what it stored and who it could not match. */
export function renderConnectorStatus(statuses: ConnectorStatus[], intervalMinutes: number): string {
  const lines = [`Pull connectors (the running bot syncs every ${intervalMinutes} min):`, ''];
  for (const status of statuses) {
    if (!status.enabled && !status.state) {
      lines.push(`⚪ ${status.name} · ${status.title}: off (set ${status.keyVariable} to turn it on)`, '');
      continue;
    }
    const { state, counts, unmatched } = status;
    const mark = !status.enabled ? '⚪' : state?.lastError ? '⚠️' : '✅';
    lines.push(
      `${mark} ${status.name} · ${status.title}${status.enabled ? '' : ` (off: ${status.keyVariable} is not set)`}`,
    );
    lines.push(`   last successful sync: ${when(state?.lastSuccessAt)} · complete up to: ${when(state?.watermark)}`);
    lines.push(
      `   rows stored: ${counts.rows.toLocaleString('en-US')} · people unmatched: ${unmatched.length}` +
        (state?.skippedRows ? ` · rows without token counts skipped in the last sync: ${state.skippedRows}` : '') +
        (state?.deferredRows ? ` · rows left to pushed sources in the last sync: ${state.deferredRows}` : ''),
    );
    for (const person of unmatched.slice(0, SHOWN_UNMATCHED)) {
      const why = person.person.includes('@') ? 'no Slack user with this email yet' : 'the vendor names no person';
      lines.push(`     · ${person.person}: ${formatTokens(person.tokens)} tokens waiting (${why})`);
    }
    if (unmatched.length > SHOWN_UNMATCHED) lines.push(`     · …and ${unmatched.length - SHOWN_UNMATCHED} more`);
    lines.push(`   last error: ${state?.lastError ?? 'none'}`);
    if (state?.overlapWarning) lines.push(`   ⚠️ ${state.overlapWarning}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
