import { describe, expect, it } from 'vitest';
import { displayName, escapeMrkdwn, inertPlainText } from '../../../../src/slack/blocks/mrkdwn.js';

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
