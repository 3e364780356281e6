import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badgesCrossed, badgesEarned, DEFAULT_LADDER, highestBadge, nextBadge } from '../../../src/badges/ladder.js';
import { loadLadder } from '../../../src/badges/load-ladder.js';
import { ThroneError } from '../../../src/errors.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const names = (badges: Array<{ name: string }>) => badges.map((badge) => badge.name);

describe('badge ladder', () => {
  it("follows the spec's default thresholds", () => {
    expect(DEFAULT_LADDER.map((badge) => [badge.threshold, badge.name])).toEqual([
      [50_000, 'Prompt Apprentice'],
      [200_000, 'Context Weaver'],
      [500_000, 'Token Knight'],
      [1_000_000, 'AI Grandmaster'],
      [2_000_000, 'Token Overlord'],
    ]);
  });

  it('finds the highest, all earned and the next badge', () => {
    expect(highestBadge(DEFAULT_LADDER, 49_999)).toBeUndefined();
    expect(highestBadge(DEFAULT_LADDER, 50_000)?.name).toBe('Prompt Apprentice');
    expect(names(badgesEarned(DEFAULT_LADDER, 600_000))).toEqual([
      'Prompt Apprentice',
      'Context Weaver',
      'Token Knight',
    ]);
    expect(nextBadge(DEFAULT_LADDER, 600_000)?.name).toBe('AI Grandmaster');
    expect(nextBadge(DEFAULT_LADDER, 5_000_000)).toBeUndefined();
  });

  it('reports the thresholds a change crosses, and none for a change that stays below or above', () => {
    expect(names(badgesCrossed(DEFAULT_LADDER, 40_000, 250_000))).toEqual(['Prompt Apprentice', 'Context Weaver']);
    expect(names(badgesCrossed(DEFAULT_LADDER, 49_999, 50_000))).toEqual(['Prompt Apprentice']);
    expect(badgesCrossed(DEFAULT_LADDER, 50_000, 199_999)).toEqual([]);
    expect(badgesCrossed(DEFAULT_LADDER, 0, 0)).toEqual([]);
  });
});

describe('loadLadder', () => {
  const tempDir = useTempDir();
  const file = (content: string) => {
    const path = join(tempDir(), 'badges.json');
    writeFileSync(path, content);
    return path;
  };

  it('uses the default ladder without a file', () => {
    expect(loadLadder(undefined)).toBe(DEFAULT_LADDER);
  });

  it('reads a valid file', () => {
    const path = file(JSON.stringify([{ name: 'Sipper', threshold: 10, emoji: '🥤' }]));
    expect(loadLadder(path)).toEqual([{ name: 'Sipper', threshold: 10, emoji: '🥤' }]);
  });

  it('refuses thresholds out of order, naming the entry', () => {
    const path = file(
      JSON.stringify([
        { name: 'B', threshold: 20, emoji: 'b' },
        { name: 'A', threshold: 10, emoji: 'a' },
      ]),
    );
    expect(() => loadLadder(path)).toThrow(ThroneError);
    expect(() => loadLadder(path)).toThrow(
      /^BADGES_FILE: .*badges\.json at 1\.threshold: must be higher than the badge before it/,
    );
  });

  it('refuses half an emoji in a name or emoji, naming the entry', () => {
    // JSON's "\ud83d" escape parses to a lone surrogate, which Slack refuses in any message.
    const path = file('[{"name": "Dragon \\ud83d", "threshold": 10, "emoji": "\\ud83d"}]');
    expect(() => loadLadder(path)).toThrow(/at 0\.name: must be well-formed text/);
    expect(() => loadLadder(file('[{"name": "Dragon", "threshold": 10, "emoji": "\\ud83d"}]'))).toThrow(
      /at 0\.emoji: must be well-formed text/,
    );
    expect(loadLadder(file('[{"name": "Dragon \\ud83d\\udc09", "threshold": 10, "emoji": "🐉"}]'))[0]?.name).toBe(
      'Dragon 🐉',
    );
  });

  it('refuses a file that is not JSON', () => {
    expect(() => loadLadder(file('{oops'))).toThrow(/^BADGES_FILE: cannot read .* as JSON/);
  });
});
