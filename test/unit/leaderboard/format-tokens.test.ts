import { describe, expect, it } from 'vitest';
import { formatExactTokens, formatTokens } from '../../../src/leaderboard/format-tokens.js';

describe('formatTokens', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1K'],
    [1550, '1.6K'],
    [12_345, '12.3K'],
    [950_000, '950K'],
    [999_950, '1M'],
    [2_400_000, '2.4M'],
    [2_049_999, '2M'],
    [1_000_000_000, '1B'],
  ])('writes %i as %s', (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });

  it('writes exact counts with thousands separators', () => {
    expect(formatExactTokens(2_400_123)).toBe('2,400,123');
  });
});
