import type { UsageFormat } from '../../../../src/ingest/formats/usage-format.js';
import type { ValidationDetail } from '../../../../src/validation.js';
import type { ExpectedEvent } from '../../../fixtures/formats/load-fixtures.js';

/** The events a body maps to, every optional field spelled out (null when absent); throws on a refusal. */
export function mapped(format: UsageFormat, body: unknown, person?: string): ExpectedEvent[] {
  const result = format.toEvents(body, person);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.details)}`);
  return result.events.map((event) => ({
    id: event.id,
    user: event.user ?? '(nobody)',
    model: event.model ?? null,
    input_tokens: event.input_tokens,
    output_tokens: event.output_tokens,
    cache_read_tokens: event.cache_read_tokens ?? null,
    cache_write_tokens: event.cache_write_tokens ?? null,
    reasoning_tokens: event.reasoning_tokens ?? null,
    timestamp: event.timestamp ?? null,
  }));
}

/** The refusals for a body; throws if it was accepted. */
export function refusals(format: UsageFormat, body: unknown, person?: string): ValidationDetail[] {
  const result = format.toEvents(body, person);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.events)}`);
  return result.details;
}
