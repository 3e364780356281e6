import type { HallOfFame } from '../../game/hall-of-fame.js';
import { formatTokens } from '../../leaderboard/format-tokens.js';
import { rankLabel } from './board-rows.js';
import { displayName, linesInSections, mrkdwn, plainText } from './mrkdwn.js';

const MAX_LORDS = 20;

export interface HallOfFameData {
  hall: HallOfFame;
  /** a person's name as shared surfaces may show it (hidden people come back unnamed) */
  nameOf: (userId: string) => string;
}

function weeks(count: number): string {
  return `${count} ${count === 1 ? 'week' : 'weeks'}`;
}

/** `/leaderboard hall`: every Token Lord with crowns and longest run, and the all-time records. */
export function buildHallOfFame({ hall, nameOf }: HallOfFameData) {
  const name = (userId: string) => `*${displayName(nameOf(userId))}*`;
  const header = { type: 'header' as const, text: plainText('🏛️ The Hall of Fame') };
  if (hall.lords.length === 0) {
    return {
      text: 'The Hall of Fame is empty: no week has been crowned yet.',
      blocks: [
        header,
        {
          type: 'section' as const,
          text: mrkdwn('No Token Lord has been crowned yet. The first crown goes out on Monday: it could be yours!'),
        },
      ],
    };
  }
  const lords = hall.lords.slice(0, MAX_LORDS).map((lord, index) => {
    const run = lord.longestRun > 1 ? ` · longest run *${weeks(lord.longestRun)}* in a row` : '';
    return `${rankLabel(index + 1)} ${name(lord.userId)}  ${'👑'.repeat(Math.min(lord.reigns, 5))}${lord.reigns > 5 ? '…' : ''} *${lord.reigns}* ${lord.reigns === 1 ? 'crown' : 'crowns'}${run} · last ${lord.lastWeek}`;
  });
  const more = hall.lords.length > MAX_LORDS ? `\n…and ${hall.lords.length - MAX_LORDS} more Token Lords.` : '';
  const records = [
    hall.biggestWeek
      ? `🔥 *Biggest week ever:* ${name(hall.biggestWeek.userId)}, ${formatTokens(hall.biggestWeek.tokens)} tokens in ${hall.biggestWeek.week}`
      : undefined,
    hall.mostBadges
      ? `🏅 *Most badges in a week:* ${hall.mostBadges.badges} earned in ${hall.mostBadges.week}`
      : undefined,
    hall.longestReign
      ? `⏳ *Longest reign:* ${name(hall.longestReign.userId)}, ${weeks(hall.longestReign.weeks)} (${hall.longestReign.from} to ${hall.longestReign.to})` +
        (hall.longestReign.dethronedBy ? `, dethroned by ${name(hall.longestReign.dethronedBy)}` : '')
      : undefined,
  ].filter((line): line is string => line !== undefined);
  return {
    text: `Hall of Fame: ${hall.lords.length} Token ${hall.lords.length === 1 ? 'Lord' : 'Lords'} so far.`,
    blocks: [
      header,
      { type: 'section' as const, text: mrkdwn('*Every Token Lord*') },
      ...linesInSections([...lords, ...(more ? [more.trim()] : [])]),
      { type: 'divider' as const },
      { type: 'section' as const, text: mrkdwn(`*All-time records*\n${records.join('\n')}`) },
      {
        type: 'context' as const,
        elements: [mrkdwn('The crown goes to the week’s #1 every Monday. Type `/leaderboard` to see who is ahead.')],
      },
    ],
  };
}
