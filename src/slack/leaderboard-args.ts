import { TOP } from '../leaderboard/tally.js';
import type { WeekChoice } from '../weeks/choose-week.js';

export type LeaderboardRequest =
  | { kind: 'board'; week: WeekChoice; top: number; share: boolean }
  | { kind: 'person'; week: WeekChoice; subject: 'me' | { userId: string }; share: boolean }
  | { kind: 'help'; unknown: string | undefined };

export const MAX_TOP = 100;

const WEEK_KEY = /^\d{4}-w\d{2}$/i;
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * Reads the text after `/leaderboard` (Slack sends mentions as `<@U123|name>`).
 * Words may come in any order; anything not understood asks for the help.
 * @example parseLeaderboardArgs('top 100 last') //=> { kind: 'board', week: { kind: 'last' }, top: 100, share: false }
 */
export function parseLeaderboardArgs(text: string): LeaderboardRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let week: WeekChoice = { kind: 'current' };
  let top = TOP;
  let share = false;
  let subject: 'me' | { userId: string } | undefined;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const lower = word.toLowerCase();
    const mention = MENTION.exec(word);
    if (lower === 'help' || lower === '?') return { kind: 'help', unknown: undefined };
    if (lower === 'last') week = { kind: 'last' };
    else if (lower === 'this' || lower === 'now') week = { kind: 'current' };
    else if (WEEK_KEY.test(word)) week = { kind: 'named', key: word.toUpperCase() };
    else if (lower === 'share') share = true;
    else if (lower === 'me') subject = 'me';
    else if (mention?.[1]) subject = { userId: mention[1] };
    else if (lower === 'top') {
      const count = Number(words[index + 1]);
      if (Number.isInteger(count) && count >= 1 && count <= MAX_TOP) {
        top = count;
        index += 1;
      } else if (words[index + 1] === undefined) {
        top = MAX_TOP;
      } else {
        return { kind: 'help', unknown: `${word} ${words[index + 1]}` };
      }
    } else return { kind: 'help', unknown: word };
  }
  return subject ? { kind: 'person', week, subject, share } : { kind: 'board', week, top, share };
}
