import { z } from 'zod';
import { isSlackUserId } from '../identity/slack-user-id.js';

export const MAX_TOKENS = 1_000_000_000;
export const MAX_BATCH_EVENTS = 1000;

// Control characters in an id are almost always a bug in the sender, and would make ids
// that look equal in logs differ in the database.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const TOKEN_RANGE_MESSAGE = `must be a whole number from 0 to ${MAX_TOKENS}`;

const tokenError = (issue: { input: unknown }) => `${TOKEN_RANGE_MESSAGE}, got ${describeValue(issue.input)}`;

/** A token count: a whole JSON number in range, never a string, fraction or negative (no coercion). */
export const tokenCount = z
  .number({ error: tokenError })
  .int({ error: tokenError })
  .min(0, { error: tokenError })
  .max(MAX_TOKENS, { error: tokenError });

/** How a refused value is named in the answer; short, and safe for any nesting depth. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

const email = z.email();

/** Whether a value names a person: a Slack user ID or an email. */
export function isPersonRef(value: unknown): value is string {
  return typeof value === 'string' && (isSlackUserId(value) || email.safeParse(value).success);
}

export const usageEventSchema = z.object({
  id: z
    .string({ error: (issue) => `must be a string of 1 to 200 characters, got ${describeValue(issue.input)}` })
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters'),
  user: z
    .string({ error: (issue) => `must be a Slack user ID or an email, got ${describeValue(issue.input)}` })
    .refine(isPersonRef, {
      error: (issue) =>
        `must be a Slack user ID (U… or W…) or an email address, got ${describeValue(String(issue.input))}`,
    })
    .transform((user) => (isSlackUserId(user) ? user : user.toLowerCase())),
  model: z
    .string({ error: 'must be text' })
    .max(200, 'must be at most 200 characters')
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
    .nullish(),
  input_tokens: tokenCount,
  output_tokens: tokenCount,
  cache_read_tokens: tokenCount.nullish(),
  cache_write_tokens: tokenCount.nullish(),
  reasoning_tokens: tokenCount.nullish(),
  timestamp: z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        `must be an ISO 8601 date-time with a zone, such as 2026-11-23T14:05:00Z, got ${describeValue(issue.input)}`,
    })
    .nullish(),
});

export type UsageEventInput = z.infer<typeof usageEventSchema>;

// The pattern `z.iso.datetime({ offset: true })` above checks, so both accept the same timestamps.
const ISO_DATE_TIME_WITH_ZONE = z.core.regexes.datetime({ offset: true });

const isText = (value: unknown, minLength: number): value is string =>
  typeof value === 'string' && value.length >= minLength && value.length <= 200 && NO_CONTROL_CHARACTERS.test(value);

const isTokenCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TOKENS;

/**
 * The common valid event recognised without zod's machinery, which costs several times as much
 * per event: every field of the right type and in range, the person a Slack user ID. It returns
 * what `usageEventSchema` would; anything else (an email, any problem) returns undefined, to go
 * through the schema, which names each problem.
 */
export function plainUsageEvent(value: unknown): UsageEventInput | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const event = value as Record<string, unknown>;
  const { id, user, model, input_tokens, output_tokens, timestamp } = event;
  const { cache_read_tokens, cache_write_tokens, reasoning_tokens } = event;
  const plain =
    isText(id, 1) &&
    typeof user === 'string' &&
    isSlackUserId(user) &&
    (model == null || isText(model, 0)) &&
    isTokenCount(input_tokens) &&
    isTokenCount(output_tokens) &&
    (cache_read_tokens == null || isTokenCount(cache_read_tokens)) &&
    (cache_write_tokens == null || isTokenCount(cache_write_tokens)) &&
    (reasoning_tokens == null || isTokenCount(reasoning_tokens)) &&
    (timestamp == null || (typeof timestamp === 'string' && ISO_DATE_TIME_WITH_ZONE.test(timestamp)));
  if (!plain) return undefined;
  return {
    id,
    user,
    model,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    timestamp,
  };
}
