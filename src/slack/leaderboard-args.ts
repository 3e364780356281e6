import { TOP } from '../leaderboard/tally.js';
import type { WeekChoice } from '../weeks/choose-week.js';

export type LeaderboardRequest =
  | { kind: 'board'; week: WeekChoice; top: number; share: boolean }
  | { kind: 'person'; week: WeekChoice; subject: 'me' | { userId: string }; share: boolean }
  | { kind: 'hall' }
  | { kind: 'teams'; week: WeekChoice }
  | { kind: 'recap'; on: boolean | undefined }
  /** `hide` takes the caller off shared surfaces; `show` and `join` put them on */
  | { kind: 'visibility'; choice: 'hide' | 'show' | 'join' }
  /** `audit [2026-W47]`: the correction log, for admins */
  | { kind: 'audit'; week: string | undefined }
  /** `void|restore @someone 2026-W47 reason…`: an admin's correction of a person's week */
  | { kind: 'correction'; action: 'void' | 'restore'; userId: string; week: WeekChoice; reason: string }
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
  const [first, second, ...rest] = words.map((word) => word.toLowerCase());
  if ((first === 'hide' || first === 'show' || first === 'join') && second === undefined) {
    return { kind: 'visibility', choice: first };
  }
  if (first === 'void' || first === 'restore') {
    const userId = MENTION.exec(words[1] ?? '')?.[1];
    const weekWord = rest[0];
    const week: WeekChoice | undefined =
      weekWord === 'last'
        ? { kind: 'last' }
        : weekWord === 'this'
          ? { kind: 'current' }
          : weekWord !== undefined && WEEK_KEY.test(weekWord)
            ? { kind: 'named', key: weekWord.toUpperCase() }
            : undefined;
    if (!userId || !week) return { kind: 'help', unknown: `${first} (try: ${first} @someone 2026-W47 the reason)` };
    return { kind: 'correction', action: first, userId, week, reason: words.slice(3).join(' ') };
  }
  if (first === 'audit' && rest.length === 0 && (second === undefined || WEEK_KEY.test(second))) {
    return { kind: 'audit', week: second?.toUpperCase() };
  }
  if (first === 'hall') return second === undefined ? { kind: 'hall' } : { kind: 'help', unknown: words.join(' ') };
  if (first === 'recap' && rest.length === 0) {
    if (second === undefined) return { kind: 'recap', on: undefined };
    if (second === 'on' || second === 'off') return { kind: 'recap', on: second === 'on' };
    return { kind: 'help', unknown: `recap ${words[1] ?? ''}` };
  }
  if (first === 'teams') {
    const week = parseLeaderboardArgs(words.slice(1).join(' '));
    return week.kind === 'board' && !week.share && week.top === TOP
      ? { kind: 'teams', week: week.week }
      : { kind: 'help', unknown: words.join(' ') };
  }
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
