import { type CostSummary, formatUsd } from '../../game/token-cost.js';
import { formatTokens } from '../../leaderboard/format-tokens.js';
import { displayName } from './mrkdwn.js';

function modelName(model: string | null): string {
  return model ? `\`${displayName(model)}\`` : 'events without a model';
}

/**
 * The estimate in words: the total with input, cache and output apart, each model's share, and
 * the models the price table does not know (their tokens are not priced rather than guessed).
 */
export function costLines(cost: CostSummary, maxModels = 5): string[] {
  const lines: string[] = [];
  if (cost.models.length > 0) {
    lines.push(
      `💸 Estimated cost *${formatUsd(cost.totalUsd)}*: input ${formatUsd(cost.inputUsd)}, cache ${formatUsd(cost.cachedUsd)}, output ${formatUsd(cost.outputUsd)}`,
    );
    lines.push(
      cost.models
        .slice(0, maxModels)
        .map((model) => `${modelName(model.model)} ${formatUsd(model.totalUsd)}`)
        .join('  ·  '),
    );
  }
  if (cost.unknown.length > 0) {
    lines.push(
      `No price known for ${cost.unknown
        .slice(0, maxModels)
        .map((model) => `${modelName(model.model)} (${formatTokens(model.tokens)} tokens)`)
        .join(', ')}${cost.unknown.length > maxModels ? ` and ${cost.unknown.length - maxModels} more` : ''}`,
    );
  }
  return lines;
}
