import { describe, expect, it } from 'vitest';
import { csvField, renderExportCsv } from '../../../src/fair-play/render-export.js';
import { exportWeek } from '../../../src/fair-play/week-export.js';

const totals = (userId: string, tokens: number) => ({
  userId,
  tokens,
  inputTokens: tokens,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  requests: 1,
});

describe('exportWeek', () => {
  const usage = {
    people: [totals('U0HIDDEN1', 900), totals('U0SHOWN01', 500), totals('U0HIDDEN2', 100)],
    byModel: [{ userId: 'U0SHOWN01', key: '=HYPERLINK("x")', tokens: 500 }],
    bySource: [{ userId: 'U0HIDDEN1', key: 'ide', tokens: 900 }],
  };
  const options = {
    isNamed: (userId: string) => !userId.startsWith('U0HIDDEN'),
    nameOf: (userId: string) => `name of ${userId}`,
  };

  it('aliases hidden people without their ID or name, and keeps them in the totals', () => {
    const data = exportWeek('2026-W47', usage, { ...options, includeHidden: false });
    expect(data.people.map((p) => [p.person, p.name, p.hidden])).toEqual([
      ['hidden-1', '', true],
      ['U0SHOWN01', 'name of U0SHOWN01', false],
      ['hidden-2', '', true],
    ]);
    expect(JSON.stringify(data)).not.toMatch(/U0HIDDEN/);
    expect(data.totals).toEqual({ tokens: 1500, people: 3, requests: 3 });
  });

  it('names hidden people when asked to include them', () => {
    const data = exportWeek('2026-W47', usage, { ...options, includeHidden: true });
    expect(data.people[0]).toMatchObject({ person: 'U0HIDDEN1', name: 'name of U0HIDDEN1', hidden: true });
  });

  it('writes CSV a spreadsheet cannot run as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(-5)).toBe('-5');
    const csv = renderExportCsv(exportWeek('2026-W47', usage, { ...options, includeHidden: false }));
    expect(csv.split('\r\n')[2]).toBe(`U0SHOWN01,name of U0SHOWN01,false,500,500,0,0,0,1,"'=HYPERLINK(""x"")=500",`);
  });
});
