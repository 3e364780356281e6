import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { mrkdwn, plainText } from './mrkdwn.js';

export interface TokenLordDmData {
  week: string;
  tokens: number;
  /** tokens of #2, if anyone came second */
  runnerUpTokens: number | undefined;
}

/** The DM to the newly crowned Token Lord. */
export function buildTokenLordDm(data: TokenLordDmData) {
  const lead =
    data.runnerUpTokens === undefined
      ? 'Nobody else even made the board.'
      : `That's *${formatTokens(data.tokens - data.runnerUpTokens)}* ahead of #2.`;
  return {
    text: `👑 You are the Token Lord of ${data.week} with ${formatExactTokens(data.tokens)} tokens!`,
    blocks: [
      { type: 'header' as const, text: plainText(`👑 All hail the Token Lord of ${data.week}!`) },
      {
        type: 'section' as const,
        text: mrkdwn(
          `You burned *${formatTokens(data.tokens)}* tokens (${formatExactTokens(data.tokens)}) and took the throne. ${lead}\n` +
            'The title is yours all week and shows next to your name on every board. Defend it!',
        ),
      },
    ],
  };
}
