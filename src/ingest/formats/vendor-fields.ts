import { z } from 'zod';
import { describeValue, tokenCount } from '../usage-event-schema.js';

/** A token count the vendor may leave out or send as null. */
export const optionalTokenCount = tokenCount.nullish();

/** A vendor's identifier of one response, the key that makes retries count once. */
export const responseId = z
  .string({ error: (issue) => `must be the response's id (text), got ${describeValue(issue.input)}` })
  .min(1, 'must not be empty');

/** A model name: vendors always send text, so anything else is a sign of the wrong shape. */
export const modelName = z.string({ error: (issue) => `must be text, got ${describeValue(issue.input)}` }).nullish();

/** Seconds since the Unix epoch, as OpenAI (`created`) and LiteLLM (`startTime`) send them. */
export const unixSeconds = z
  .number({ error: (issue) => `must be seconds since 1970 (a number), got ${describeValue(issue.input)}` })
  .min(0, { error: (issue) => `must be seconds since 1970, got ${describeValue(issue.input)}` })
  // Year 9999: beyond that Date cannot print the value as ISO 8601.
  .max(253_402_300_799, { error: (issue) => `must be seconds since 1970, got ${describeValue(issue.input)}` });

/**
 * The ISO 8601 timestamp for Unix seconds, which may carry a fraction (LiteLLM's are floats).
 *
 * @example isoFromUnixSeconds(1795514400) // '2026-11-24T10:00:00.000Z'
 */
export function isoFromUnixSeconds(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/**
 * A part that may not exceed its whole, e.g. OpenAI's cached tokens within the prompt tokens:
 * a larger part means the sender used other semantics, and counting it would be wrong.
 */
export function partWithinWhole(
  context: z.core.$RefinementCtx,
  part: { path: PropertyKey[]; value: number | null | undefined },
  whole: { name: string; value: number },
): void {
  if (part.value === null || part.value === undefined || part.value <= whole.value) return;
  context.addIssue({
    code: 'custom',
    path: part.path,
    input: part.value,
    message: `is ${part.value}, more than ${whole.name} (${whole.value}) of which it is a part`,
  });
}
