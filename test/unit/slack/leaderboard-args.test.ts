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
    ['hide', { kind: 'visibility', choice: 'hide' }],
    ['Show', { kind: 'visibility', choice: 'show' }],
    ['join', { kind: 'visibility', choice: 'join' }],
    ['hide me', { kind: 'help', unknown: 'hide' }],
    ['audit', { kind: 'audit', week: undefined }],
    ['audit 2026-w47', { kind: 'audit', week: '2026-W47' }],
    ['audit everything', { kind: 'help', unknown: 'audit' }],
    [
      'void <@U024BE7LH|bob> 2026-w47 shared API key',
      {
        kind: 'correction',
        action: 'void',
        userId: 'U024BE7LH',
        week: { kind: 'named', key: '2026-W47' },
        reason: 'shared API key',
      },
    ],
    [
      'restore <@U024BE7LH> last',
      { kind: 'correction', action: 'restore', userId: 'U024BE7LH', week: { kind: 'last' }, reason: '' },
    ],
    ['void bob 2026-W47 x', { kind: 'help', unknown: 'void (try: void @someone 2026-W47 the reason)' }],
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
