import { createRequire } from 'node:module';
import type { ModelPrice } from '@pydantic/genai-prices';

type PriceTable = typeof import('@pydantic/genai-prices');
let priceTable: PriceTable | undefined;

/** The price table, loaded when the first cost is asked for: a bot that never shows money never holds it. */
function prices(): PriceTable {
  priceTable ??= createRequire(import.meta.url)('@pydantic/genai-prices') as PriceTable;
  return priceTable;
}

/** A person's (or a week's) usage of one model, summed over its requests. */
export interface ModelUsage {
  /** as the events named it; null when they named none */
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  requests: number;
}

export type ModelCost =
  | {
      model: string;
      known: true;
      /** the price table's name for the provider and model matched */
      provider: string;
      /** input tokens that were not cache reads or writes */
      inputUsd: number;
      /** cache reads and writes */
      cachedUsd: number;
      outputUsd: number;
      totalUsd: number;
    }
  | { model: string | null; known: false; tokens: number };

/** The rate per million tokens the table gives for `key`, at the tier a request of `inputTokens` falls in. */
function rateOf(prices: ModelPrice, key: string, inputTokens: number): number {
  const price = prices[key];
  if (price === undefined) return 0;
  if (typeof price === 'number') return price;
  return price.tiers.reduce((rate, tier) => (inputTokens > tier.start ? tier.price : rate), price.base);
}

/**
 * Estimated cost of one model's usage with the @pydantic/genai-prices table. Tiered prices
 * (long-context surcharges) depend on a request's size, so the week is priced as its average
 * request times the number of requests. Models the table does not know are reported as such.
 */
export function priceModelUsage(usage: ModelUsage, at: Date): ModelCost {
  const tokens = usage.inputTokens + usage.outputTokens;
  const unknown = { model: usage.model, known: false as const, tokens };
  if (!usage.model || usage.requests < 1) return unknown;
  const per = (value: number) => value / usage.requests;
  const average = {
    input_tokens: per(usage.inputTokens),
    output_tokens: per(usage.outputTokens),
    cache_read_tokens: per(Math.min(usage.cacheReadTokens, usage.inputTokens)),
    cache_write_tokens: per(
      Math.min(usage.cacheWriteTokens, usage.inputTokens - Math.min(usage.cacheReadTokens, usage.inputTokens)),
    ),
  };
  let result: ReturnType<PriceTable['calcPrice']>;
  try {
    result = prices().calcPrice(average, usage.model, { timestamp: at });
  } catch {
    return unknown;
  }
  if (!result) return unknown;
  const fresh = average.input_tokens - average.cache_read_tokens - average.cache_write_tokens;
  const freshUsd = (fresh * rateOf(result.model_price, 'input_mtok', average.input_tokens)) / 1e6;
  const scale = usage.requests;
  return {
    model: usage.model,
    known: true,
    provider: `${result.provider.name} ${result.model.name ?? result.model.id}`,
    inputUsd: freshUsd * scale,
    cachedUsd: Math.max(0, result.input_price - freshUsd) * scale,
    outputUsd: result.output_price * scale,
    totalUsd: result.total_price * scale,
  };
}

export interface CostSummary {
  totalUsd: number;
  inputUsd: number;
  cachedUsd: number;
  outputUsd: number;
  /** priced models, most expensive first */
  models: Array<Extract<ModelCost, { known: true }>>;
  /** models the table does not know (null: events that named no model), with their tokens */
  unknown: Array<Extract<ModelCost, { known: false }>>;
}

/** Prices every model's usage and adds them up. */
export function summarizeCost(usages: readonly ModelUsage[], at: Date): CostSummary {
  const summary: CostSummary = { totalUsd: 0, inputUsd: 0, cachedUsd: 0, outputUsd: 0, models: [], unknown: [] };
  for (const usage of usages) {
    const cost = priceModelUsage(usage, at);
    if (!cost.known) {
      summary.unknown.push(cost);
      continue;
    }
    summary.models.push(cost);
    summary.totalUsd += cost.totalUsd;
    summary.inputUsd += cost.inputUsd;
    summary.cachedUsd += cost.cachedUsd;
    summary.outputUsd += cost.outputUsd;
  }
  summary.models.sort((a, b) => b.totalUsd - a.totalUsd);
  summary.unknown.sort((a, b) => b.tokens - a.tokens);
  return summary;
}

/**
 * Dollars as people read them: cents below $100, whole dollars above.
 * @example formatUsd(1234.567) //=> "$1,235"
 * @example formatUsd(12.345) //=> "$12.35"
 * @example formatUsd(0.004) //=> "<$0.01"
 */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return '<$0.01';
  const digits = usd >= 100 ? 0 : 2;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
