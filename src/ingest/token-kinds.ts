import type { TokenKind, UsageEvent } from './usage-event.js';

type TokenFields = Pick<
  UsageEvent,
  'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens'
>;

/**
 * The token fields of an event holding `tokens` of one kind.
 * @example tokenFields('cacheRead', 40) //=> { inputTokens: 40, outputTokens: 0, cacheReadTokens: 40, cacheWriteTokens: null, reasoningTokens: null }
 */
export function tokenFields(kind: TokenKind, tokens: number): TokenFields {
  const isInput = kind === 'input' || kind === 'cacheRead' || kind === 'cacheWrite';
  return {
    inputTokens: isInput ? tokens : 0,
    outputTokens: isInput ? 0 : tokens,
    cacheReadTokens: kind === 'cacheRead' ? tokens : null,
    cacheWriteTokens: kind === 'cacheWrite' ? tokens : null,
    reasoningTokens: kind === 'reasoning' ? tokens : null,
  };
}
