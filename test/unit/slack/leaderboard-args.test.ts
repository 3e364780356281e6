import { describe, expect, it } from 'vitest';
import { parseLeaderboardArgs } from '../../../src/slack/leaderboard-args.js';

const current = { kind: 'current' } as const;

describe('parseLeaderboardArgs', () => {
  it.each([
    ['', { kind: 'board', week: current, top: 10, share: false }],
    ['   ', { kind: 'board', week: current, top: 10, share: false }],
    ['last', { kind: 'board', week: { kind: 'last' }, top: 10, share: false }],
    ['2026-W47', { kind: 'board', week: { kind: 'named', key: '2026-W47' }, top: 10, share: false }],
    ['2026-w47', { kind: 'board', week: { kind: 'named', key: '2026-W47' }, top: 10, share: false }],
    ['top 100', { kind: 'board', week: current, top: 100, share: false }],
    ['top', { kind: 'board', week: current, top: 100, share: false }],
    ['top 25 last', { kind: 'board', week: { kind: 'last' }, top: 25, share: false }],
    ['share', { kind: 'board', week: current, top: 10, share: true }],
    ['last share', { kind: 'board', week: { kind: 'last' }, top: 10, share: true }],
    ['me', { kind: 'person', week: current, subject: 'me', share: false }],
    ['<@U024BE7LH|bob>', { kind: 'person', week: current, subject: { userId: 'U024BE7LH' }, share: false }],
    ['<@W024BE7LH> last', { kind: 'person', week: { kind: 'last' }, subject: { userId: 'W024BE7LH' }, share: false }],
    ['help', { kind: 'help', unknown: undefined }],
    ['HELP', { kind: 'help', unknown: undefined }],
    ['dance', { kind: 'help', unknown: 'dance' }],
    ['top 1000', { kind: 'help', unknown: 'top 1000' }],
    ['top ten', { kind: 'help', unknown: 'top ten' }],
    ['@bob', { kind: 'help', unknown: '@bob' }],
    ['<!channel>', { kind: 'help', unknown: '<!channel>' }],
    ['hall', { kind: 'hall' }],
    ['Hall', { kind: 'hall' }],
    ['hall last', { kind: 'help', unknown: 'hall last' }],
    ['teams', { kind: 'teams', week: current }],
    ['teams last', { kind: 'teams', week: { kind: 'last' } }],
    ['teams 2026-W47', { kind: 'teams', week: { kind: 'named', key: '2026-W47' } }],
    ['teams me', { kind: 'help', unknown: 'teams me' }],
    ['recap', { kind: 'recap', on: undefined }],
    ['recap on', { kind: 'recap', on: true }],
    ['recap OFF', { kind: 'recap', on: false }],
    ['recap maybe', { kind: 'help', unknown: 'recap maybe' }],
  ])('reads "%s"', (text, expected) => {
    expect(parseLeaderboardArgs(text)).toEqual(expected);
  });
});
