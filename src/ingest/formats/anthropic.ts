import { z } from 'zod';
import { describeValue, tokenCount } from '../usage-event-schema.js';
import type { NativeEventInput, UsageFormat } from './usage-format.js';
import { mapVendorBody, propertyOf, type VendorShape } from './vendor-body.js';
import { modelName, optionalTokenCount, responseId } from './vendor-fields.js';

// Shape from the Messages API reference (platform.claude.com/docs/en/api/messages) and
// anthropic-sdk-typescript src/resources/messages/messages.ts (Message, Usage): "Total input
// tokens in a request is the summation of input_tokens, cache_creation_input_tokens, and
// cache_read_input_tokens", so unlike OpenAI the cache tokens are not inside input_tokens.

const anthropicMessage = z.object(
  {
    type: z.literal('message', {
      error: (issue) => `must be "message" (an Anthropic Messages API response), got ${describeValue(issue.input)}`,
    }),
    id: responseId,
    model: modelName,
    usage: z.object(
      {
        input_tokens: tokenCount,
        output_tokens: tokenCount,
        cache_creation_input_tokens: optionalTokenCount,
        cache_read_input_tokens: optionalTokenCount,
      },
      {
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: nothing to count'
            : `must be an object, got ${describeValue(issue.input)}`,
      },
    ),
    // A request field; kept if a tool merges it into what it sends.
    metadata: z.unknown().optional(),
  },
  { error: (issue) => `must be an Anthropic Messages API response (an object), got ${describeValue(issue.input)}` },
);

type AnthropicMessage = z.infer<typeof anthropicMessage>;

/**
 * Maps an Anthropic Messages API response to a native event: input = input_tokens plus both
 * cache counts (Anthropic reports them apart), output = output_tokens (thinking included).
 *
 * @example
 * toAnthropicEvent({ type: 'message', id: 'msg_01', model: 'claude-sonnet-4-5', metadata: undefined,
 *   usage: { input_tokens: 20, output_tokens: 300, cache_creation_input_tokens: 1000,
 *     cache_read_input_tokens: 4000 } })
 * // { id: 'msg_01', model: 'claude-sonnet-4-5', input_tokens: 5020, output_tokens: 300,
 * //   cache_read_tokens: 4000, cache_write_tokens: 1000 }
 */
export function toAnthropicEvent(message: AnthropicMessage): Omit<NativeEventInput, 'user'> {
  const { usage } = message;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  return {
    id: message.id,
    model: message.model ?? null,
    input_tokens: usage.input_tokens + cacheWrite + cacheRead,
    output_tokens: usage.output_tokens,
    cache_read_tokens: usage.cache_read_input_tokens ?? null,
    cache_write_tokens: usage.cache_creation_input_tokens ?? null,
  };
}

const anthropicShape: VendorShape<AnthropicMessage> = {
  description: 'an Anthropic Messages API response',
  schema: anthropicMessage,
  personFields: (message) => [{ path: 'metadata.user_id', value: propertyOf(message.metadata, 'user_id') }],
  toEvent: toAnthropicEvent,
};

/** POST /api/usage/anthropic: a Messages API response (`type: "message"`), or a list of them. */
export const anthropicFormat: UsageFormat = {
  name: 'anthropic',
  toEvents: (body, person) => mapVendorBody(body, person, anthropicShape),
};
