import { parseArgs } from 'node:util';
import { ThroneError } from '../errors.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import { parseWeek } from '../weeks/parse-week.js';
import type { EventSelection } from './event-selection.js';

export const CORRECTION_USAGE = `void|restore one of:
  --source NAME --id EVENT_ID                       one event
  --source NAME --from 2026-11-23T00:00Z --to 2026-11-24T00:00Z
                                                    everything from a source in [from, to)
  --user U024BE7LH --week 2026-W47                  a person's week
and always --reason "why" (recorded in the audit log)`;

export interface CorrectionRequest {
  selection: EventSelection;
  reason: string | undefined;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function instant(name: string, text: string): number {
  const ms = Date.parse(text);
  if (!ISO_WITH_ZONE.test(text) || Number.isNaN(ms)) {
    throw new ThroneError(
      'bad_input',
      `--${name} must be an ISO 8601 time with a zone, such as 2026-11-23T00:00Z; got "${text}"`,
    );
  }
  return ms;
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        source: { type: 'string' },
        id: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        user: { type: 'string' },
        week: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (error) {
    throw new ThroneError('bad_input', `${(error as Error).message}\n\n${CORRECTION_USAGE}`);
  }
}

/**
 * Reads `void …` / `restore …` options into the events they select.
 * @example parseCorrectionArgs(['--source', 'ide', '--id', 'req-7', '--reason', 'loop'], 'UTC').selection //=> { kind: 'event', source: 'ide', eventId: 'req-7' }
 */
export function parseCorrectionArgs(args: string[], zone: string): CorrectionRequest {
  const { values } = parseOptions(args);
  const { source, id, from, to, user, week, reason } = values;
  const usage = (problem: string) => new ThroneError('bad_input', `${problem}\n\n${CORRECTION_USAGE}`);
  if (user !== undefined || week !== undefined) {
    if (source !== undefined || id !== undefined || from !== undefined || to !== undefined) {
      throw usage("--user and --week select a person's week: leave out --source, --id, --from and --to.");
    }
    if (user === undefined || week === undefined) throw usage("A person's week needs both --user and --week.");
    if (!isSlackUserId(user)) throw usage(`--user must be a Slack user ID such as U024BE7LH; got "${user}"`);
    const parsed = parseWeek(week, zone);
    if (!parsed) throw usage(`--week must be an ISO week such as 2026-W47; got "${week}"`);
    return { selection: { kind: 'person-week', userId: user, week: parsed.key }, reason };
  }
  if (source === undefined) throw usage('Say which usage: --source with --id or --from/--to, or --user with --week.');
  if (id !== undefined) {
    if (from !== undefined || to !== undefined) throw usage('--id selects one event: leave out --from and --to.');
    return { selection: { kind: 'event', source, eventId: id }, reason };
  }
  if (from === undefined || to === undefined) throw usage('A source needs --id, or both --from and --to.');
  const start = instant('from', from);
  const end = instant('to', to);
  if (end <= start) throw usage(`--to (${to}) must be after --from (${from}).`);
  return { selection: { kind: 'source', source, from: start, to: end }, reason };
}
