import { TOP } from '../../leaderboard/tally.js';
import { escapeMrkdwn, mrkdwn, plainText, truncate } from './mrkdwn.js';

/** The commands, as taught by `/leaderboard help` and whenever the text is not understood. */
export const HELP_TEXT = [
  `\`/leaderboard\` · this week's top ${TOP}, and where you stand`,
  "`/leaderboard last` · last week's final standings",
  '`/leaderboard 2026-W47` · any week by its ISO week number',
  '`/leaderboard top 100` · the top 100, page by page',
  '`/leaderboard me` · your tokens, rank, badges and the next place to take',
  '`/leaderboard @someone` · the same for a colleague',
  '`/leaderboard share` · post the board in this channel (add it to any of the above)',
  '`/leaderboard hide` · keep your name and numbers off everything others see (`show` to come back, `join` where joining is required)',
  '`/leaderboard share` · post the board and its podium card in this channel (add it to any of the above)',
  '`/leaderboard hall` · the Hall of Fame: every Token Lord and the all-time records',
  '`/leaderboard teams` · the team league, by tokens per member',
  '`/leaderboard recap on` · your week in a DM every Monday (`recap off` stops it)',
  '`/leaderboard help` · this help',
].join('\n');

export const BADGES_HINT =
  "Badges are earned by weekly tokens, and every Monday the week's #1 is crowned 👑 *Token Lord*.";

export function buildHelpMessage(unknown: string | undefined) {
  const intro = unknown
    ? `I didn't understand "${escapeMrkdwn(truncate(unknown, 100))}". Here is what I can do:`
    : 'Here is what I can do:';
  return {
    text: `Token Throne help: ${intro}`,
    blocks: [
      { type: 'header' as const, text: plainText('👑 Token Throne') },
      { type: 'section' as const, text: mrkdwn(`${intro}\n\n${HELP_TEXT}`) },
      { type: 'context' as const, elements: [mrkdwn(BADGES_HINT)] },
    ],
  };
}
