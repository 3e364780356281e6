import type { WeekExport } from './week-export.js';

const COLUMNS = [
  'person',
  'name',
  'hidden',
  'tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'requests',
  'models',
  'sources',
] as const;

/**
 * One CSV field (RFC 4180 quoting). A leading =, +, - or @ is prefixed with ' so a spreadsheet
 * never runs a name or model as a formula.
 */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const splits = (values: Record<string, number>): string =>
  Object.entries(values)
    .map(([key, tokens]) => `${key}=${tokens}`)
    .join('; ');

/** One row per person, then a TOTAL row: the same totals as the week's board. */
export function renderExportCsv(data: WeekExport): string {
  const rows = data.people.map((p) =>
    [
      p.person,
      p.name,
      p.hidden,
      p.tokens,
      p.inputTokens,
      p.outputTokens,
      p.cacheReadTokens,
      p.cacheWriteTokens,
      p.requests,
      splits(p.models),
      splits(p.sources),
    ]
      .map(csvField)
      .join(','),
  );
  const total = [
    'TOTAL',
    `${data.totals.people} ${data.totals.people === 1 ? 'person' : 'people'}`,
    '',
    data.totals.tokens,
    '',
    '',
    '',
    '',
    data.totals.requests,
    '',
    '',
  ]
    .map(csvField)
    .join(',');
  return `${[COLUMNS.join(','), ...rows, total].join('\r\n')}\r\n`;
}

export function renderExportJson(data: WeekExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
