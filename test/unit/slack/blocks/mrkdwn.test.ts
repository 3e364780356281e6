import { describe, expect, it } from 'vitest';
import { buildHelpMessage } from '../../../../src/slack/blocks/help.js';
import { displayName, escapeMrkdwn, inertPlainText, plainText } from '../../../../src/slack/blocks/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<@U024BE7LH>', '&lt;@U024BE7LH&gt;'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&lt;already&gt;', '&amp;lt;already&amp;gt;'],
  ])('makes %s inert', (input, output) => {
    expect(escapeMrkdwn(input)).toBe(output);
  });

  it('breaks bare @channel, @here and @everyone', () => {
    expect(escapeMrkdwn('hey @channel and @Here')).toBe('hey @\u2060channel and @\u2060Here');
  });

  it('shortens very long names and never returns an empty one', () => {
    expect(displayName('x'.repeat(500))).toHaveLength(80);
    expect(displayName('   ')).toBe('someone');
  });

  it('keeps angle brackets out of plain-text fields', () => {
    expect(inertPlainText('<!channel>')).toBe('‹!channel›');
  });
});

describe('shortening by grapheme', () => {
  // With the u flag a surrogate pair is one code point, so only a half-cut pair matches.
  const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
  const graphemes = (text: string) =>
    [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
  const cases: Array<[string, string]> = [
    ['dragons', '🐉'],
    ['flags', '🇯🇵'],
    ['skin tones', '👍🏽'],
    ['families joined by ZWJ', '👩‍👩‍👧‍👦'],
    ['combining marks', 'e\u0301\u0323'],
    ['a mix with ASCII', 'a🇫🇷'],
  ];

  it.each(cases)('never cuts inside %s', (_label, unit) => {
    const long = unit.repeat(200);
    for (const shortened of [displayName(long), plainText(long).text, plainText(long, 75).text, inertPlainText(long)]) {
      expect(shortened).not.toMatch(LONE_SURROGATE);
      const kept = graphemes(shortened.replace(/…$/, ''));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.join('')).toBe(graphemes(long).slice(0, kept.length).join(''));
    }
  });

  it('keeps within the limit in UTF-16 units and marks what was cut', () => {
    const long = '🐉'.repeat(41);
    expect(displayName(long).length).toBeLessThanOrEqual(80);
    expect(displayName(long).endsWith('…')).toBe(true);
    expect(plainText(long, 10).text).toBe('🐉🐉🐉🐉…');
    expect(inertPlainText(long, 11)).toBe('🐉🐉🐉🐉🐉…');
    expect(displayName('🐉'.repeat(40))).toBe('🐉'.repeat(40));
    // Escaping makes `&` five characters long: the limit holds for the escaped name.
    expect(displayName('&'.repeat(300))).toBe(`${'&amp;'.repeat(15)}…`);
  });

  it('shortens the text echoed back by help', () => {
    const help = JSON.stringify(buildHelpMessage('👍🏽'.repeat(100)));
    expect(help).not.toMatch(/\\ud83d"/i);
    const echoed = /understand \\"(.*?)\\"/.exec(help)?.[1] ?? '';
    expect(JSON.parse(`"${echoed}"`)).not.toMatch(LONE_SURROGATE);
    expect(echoed.endsWith('…')).toBe(true);
  });
});
