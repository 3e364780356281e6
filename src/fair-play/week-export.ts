import type { ExportStore, PersonWeekSplit, PersonWeekTotals } from '../db/export-store.js';

export interface ExportedPerson extends Omit<PersonWeekTotals, 'userId'> {
  /** the Slack user ID, or an alias such as "hidden-1" for people off the board */
  person: string;
  name: string;
  hidden: boolean;
  models: Record<string, number>;
  sources: Record<string, number>;
}

export interface WeekExport {
  week: string;
  people: ExportedPerson[];
  totals: { tokens: number; people: number; requests: number };
}

export interface WeekExportOptions {
  store: ExportStore;
  isNamed: (userId: string) => boolean;
  nameOf: (userId: string) => string | undefined;
  includeHidden: boolean;
}

function splitsOf(rows: PersonWeekSplit[]): Map<string, Record<string, number>> {
  const byPerson = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const splits = byPerson.get(row.userId) ?? {};
    splits[row.key || 'unknown'] = row.tokens;
    byPerson.set(row.userId, splits);
  }
  return byPerson;
}

/**
 * A week's counted usage per person for operators. People off the board appear under an alias
 * (their usage still adds up to the totals) unless `includeHidden` asks for them by name.
 */
export function exportWeek(week: string, options: WeekExportOptions): WeekExport {
  const { store, includeHidden } = options;
  const models = splitsOf(store.byModel(week));
  const sources = splitsOf(store.bySource(week));
  let aliases = 0;
  const people = store.people(week).map(({ userId, ...totals }): ExportedPerson => {
    const hidden = !options.isNamed(userId);
    const masked = hidden && !includeHidden;
    if (masked) aliases += 1;
    return {
      person: masked ? `hidden-${aliases}` : userId,
      name: masked ? '' : (options.nameOf(userId) ?? ''),
      hidden,
      ...totals,
      models: models.get(userId) ?? {},
      sources: sources.get(userId) ?? {},
    };
  });
  return {
    week,
    people,
    totals: {
      tokens: people.reduce((sum, row) => sum + row.tokens, 0),
      people: people.length,
      requests: people.reduce((sum, row) => sum + row.requests, 0),
    },
  };
}
