export interface PersonWeekTotals {
  userId: string;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  requests: number;
}

export interface PersonWeekSplit {
  userId: string;
  key: string;
  tokens: number;
}

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

/** A week's counted usage as the database sums it. */
export interface WeekUsage {
  people: PersonWeekTotals[];
  byModel: PersonWeekSplit[];
  bySource: PersonWeekSplit[];
}

export interface WeekExportOptions {
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
export function exportWeek(week: string, usage: WeekUsage, options: WeekExportOptions): WeekExport {
  const { includeHidden } = options;
  const models = splitsOf(usage.byModel);
  const sources = splitsOf(usage.bySource);
  let aliases = 0;
  const people = usage.people.map(({ userId, ...totals }): ExportedPerson => {
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
