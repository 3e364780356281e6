import { calcPrice, type ModelPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { formatUsd, type ModelUsage, priceModelUsage, summarizeCost } from '../../../src/game/token-cost.js';

const at = new Date('2026-11-23T00:00:00Z');

/** The table's own prices for a model, read straight from the package's data. */
function tableOf(model: string): ModelPrice {
  const found = calcPrice({ input_tokens: 1 }, model, { timestamp: at });
  if (!found) throw new Error(`${model} is not in the table`);
  return found.model_price;
}

/** The untiered rate per million for `key` (the base of a tiered price), falling back as the table does. */
function rate(prices: ModelPrice, key: string, fallback = 'input_mtok'): number {
  const price = prices[key] ?? prices[fallback];
  if (price === undefined) throw new Error(`no ${key}`);
  return typeof price === 'number' ? price : price.base;
}

// Ten requests of 10K input each (4K of them cache reads, 1K cache writes) and 2K output.
const usage = (model: string): ModelUsage => ({
  model,
  inputTokens: 100_000,
  outputTokens: 20_000,
  cacheReadTokens: 40_000,
  cacheWriteTokens: 10_000,
  requests: 10,
});

describe('priceModelUsage', () => {
  for (const model of ['claude-sonnet-4-5', 'gpt-4o', 'gemini-2.5-flash']) {
    it(`prices fresh input, cache and output of ${model} apart, with the table's numbers`, () => {
      const table = tableOf(model);
      const cost = priceModelUsage(usage(model), at);
      if (!cost.known) throw new Error(`${model} should be priced`);
      expect(cost.inputUsd).toBeCloseTo((50_000 * rate(table, 'input_mtok')) / 1e6, 9);
      expect(cost.cachedUsd).toBeCloseTo(
        (40_000 * rate(table, 'cache_read_mtok') + 10_000 * rate(table, 'cache_write_mtok')) / 1e6,
        9,
      );
      expect(cost.outputUsd).toBeCloseTo((20_000 * rate(table, 'output_mtok')) / 1e6, 9);
      expect(cost.totalUsd).toBeCloseTo(cost.inputUsd + cost.cachedUsd + cost.outputUsd, 9);
    });
  }

  it('charges a long-context tier only when the average request is long', () => {
    const table = tableOf('claude-sonnet-4-5');
    const input = table.input_mtok;
    if (typeof input !== 'object' || !input.tiers[0]) throw new Error('claude-sonnet-4-5 has tiered input prices');
    const tier = input.tiers[0];
    const long = priceModelUsage(
      {
        ...usage('claude-sonnet-4-5'),
        inputTokens: tier.start + 1000,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        requests: 1,
      },
      at,
    );
    if (!long.known) throw new Error('priced');
    expect(long.inputUsd).toBeCloseTo(((tier.start + 1000) * tier.price) / 1e6, 9);
  });

  it('says when a model is not in the table instead of guessing', () => {
    expect(priceModelUsage(usage('llama-3.1-405b-in-house'), at)).toEqual({
      model: 'llama-3.1-405b-in-house',
      known: false,
      tokens: 120_000,
    });
    expect(priceModelUsage({ ...usage('gpt-4o'), model: null }, at).known).toBe(false);
  });
});

describe('summarizeCost', () => {
  it('adds the priced models and lists the unknown ones', () => {
    const summary = summarizeCost([usage('gpt-4o'), usage('claude-sonnet-4-5'), usage('house-model')], at);
    expect(summary.models.map((cost) => cost.model)).toEqual(['claude-sonnet-4-5', 'gpt-4o']);
    expect(summary.unknown).toEqual([{ model: 'house-model', known: false, tokens: 120_000 }]);
    expect(summary.totalUsd).toBeCloseTo(summary.inputUsd + summary.cachedUsd + summary.outputUsd, 9);
  });
});

describe('formatUsd', () => {
  it('rounds like a price tag', () => {
    expect(formatUsd(1234.567)).toBe('$1,235');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0.004)).toBe('<$0.01');
    expect(formatUsd(0)).toBe('$0.00');
  });
});
