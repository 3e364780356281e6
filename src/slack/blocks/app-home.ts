import { TOP } from '../../leaderboard/tally.js';
import { type BoardRow, buildBoardRow } from './board-rows.js';
import { HELP_TEXT } from './help.js';
import { mrkdwn, plainText } from './mrkdwn.js';
import { type PersonCardData, personCardText } from './person-card.js';

export interface AppHomeData {
  viewer: PersonCardData;
  rows: BoardRow[];
  weekLine: string;
}

/** The App Home tab: the viewer's week, the live top 10, and the commands. */
export function buildAppHomeView(data: AppHomeData) {
  return {
    type: 'home' as const,
    blocks: [
      { type: 'header' as const, text: plainText(`👑 Token Throne · ${data.viewer.week.key}`) },
      { type: 'context' as const, elements: [mrkdwn(data.weekLine)] },
      { type: 'section' as const, text: mrkdwn(personCardText(data.viewer)) },
      { type: 'divider' as const },
      { type: 'header' as const, text: plainText(`🏆 Live top ${TOP}`) },
      ...(data.rows.length > 0
        ? data.rows.map(buildBoardRow)
        : [{ type: 'section' as const, text: mrkdwn('No tokens burned yet this week. The throne is empty!') }]),
      { type: 'divider' as const },
      { type: 'section' as const, text: mrkdwn(`*Commands*\n${HELP_TEXT}`) },
    ],
  };
}
