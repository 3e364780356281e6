import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { createExportStore } from '../db/export-store.js';
import { createProfilesStore } from '../db/profiles-store.js';
import { parseWeek } from '../weeks/parse-week.js';
import type { CorrectionResult } from './audit-entry.js';
import { parseCorrectionArgs } from './correction-args.js';
import { FairPlayError } from './fair-play-error.js';
import { renderAuditText } from './render-audit.js';
import { renderExportCsv, renderExportJson } from './render-export.js';
import { exportWeek } from './week-export.js';

const CLI = { kind: 'cli' } as const;

function describeResult(action: string, result: CorrectionResult): string {
  const lines = [`${action} ${result.events} event(s); audit entry #${result.auditId}.`];
  for (const effect of result.effects) {
    lines.push(`  ${effect.userId} ${effect.week}: ${effect.before} → ${effect.after} tokens`);
  }
  for (const week of result.closedWeeks) {
    lines.push(`  ${week} is already closed: its tallies are corrected, its crown and winners post stay as they were.`);
  }
  return lines.join('\n');
}

/** `token-throne void …` and `restore …`, recorded with the actor "cli". */
export function correctFromCli(app: App, config: Config, action: 'void' | 'restore', args: string[]): string {
  const { selection, reason } = parseCorrectionArgs(args, config.weekTimeZone);
  const result =
    action === 'void'
      ? app.fairPlay.corrections.void(selection, CLI, reason)
      : app.fairPlay.corrections.restore(selection, CLI, reason);
  return describeResult(action === 'void' ? 'Voided' : 'Restored', result);
}

function weekOption(config: Config, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const week = parseWeek(text, config.weekTimeZone);
  if (!week) throw new FairPlayError(`--week must be an ISO week such as 2026-W47; got "${text}"`);
  return week.key;
}

/** `token-throne audit [--week W]`: every entry (or the week's), oldest first. */
export function auditFromCli(app: App, config: Config, args: string[]): string {
  const { values } = parseArgs({ args, options: { week: { type: 'string' } } });
  const week = weekOption(config, values.week);
  return renderAuditText(app.fairPlay.audit.list(week, Number.MAX_SAFE_INTEGER), week);
}

/** `token-throne export --week W [--format csv|json] [--include-hidden]`. */
export function exportFromCli(app: App, config: Config, args: string[]): string {
  const { values } = parseArgs({
    args,
    options: { week: { type: 'string' }, format: { type: 'string' }, 'include-hidden': { type: 'boolean' } },
  });
  const week = weekOption(config, values.week);
  if (!week)
    throw new FairPlayError('export needs a week: export --week 2026-W47 [--format csv|json] [--include-hidden]');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new FairPlayError(`--format must be csv or json; got "${format}"`);
  const profiles = createProfilesStore(app.db);
  const store = createExportStore(app.db);
  const usage = { people: store.people(week), byModel: store.byModel(week), bySource: store.bySource(week) };
  const data = exportWeek(week, usage, {
    isNamed: app.fairPlay.people.isNamed,
    nameOf: (userId) => profiles.get(userId)?.name,
    includeHidden: values['include-hidden'] ?? false,
  });
  return format === 'csv' ? renderExportCsv(data) : renderExportJson(data);
}

/** `token-throne review [approve|reject ID]`: the pending reviews, or a decision (actor "cli"). */
export function reviewFromCli(app: App, args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [verb, id] = positionals;
  const desk = app.fairPlay.reviewDesk;
  if (verb === undefined) {
    const pending = desk.pending();
    if (pending.length === 0) return 'No usage is waiting for review.';
    return pending
      .map((review) => {
        const held = app.fairPlay.reviews.held(review.id);
        return `#${review.id}  ${review.userId}  ${review.day}  ${review.source}  ${review.rule}: ${held.tokens} tokens held in ${held.events} event(s) (usual day ${Math.round(review.evidence.usual)}, limit ${Math.round(review.evidence.limit)})`;
      })
      .join('\n');
  }
  if ((verb !== 'approve' && verb !== 'reject') || id === undefined || !/^\d+$/.test(id)) {
    throw new FairPlayError('review takes no arguments (list), or approve ID, or reject ID');
  }
  const result = desk.decide(Number(id), verb, CLI);
  return `${verb === 'approve' ? 'Approved' : 'Rejected'} review #${id}: ${result.tokens} tokens in ${result.events} event(s) ${verb === 'approve' ? 'now count' : 'voided'}.`;
}
