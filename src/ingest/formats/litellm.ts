import { z } from 'zod';
import { describeValue, tokenCount } from '../usage-event-schema.js';
import type { NativeEventInput, UsageFormat } from './usage-format.js';
import { mapVendorBody, type VendorShape } from './vendor-body.js';
import { isoFromUnixSeconds, modelName, optionalTokenCount, responseId, unixSeconds } from './vendor-fields.js';

// Shape from BerriAI/litellm litellm/types/utils.py (StandardLoggingPayload,
// StandardLoggingMetadata, StandardLoggingHiddenParams), which the generic API logger
// (litellm/integrations/generic_api/generic_api_callback.py) posts as a JSON list by default.
// prompt_tokens and completion_tokens are LiteLLM's OpenAI-style totals: for Anthropic it adds
// both cache counts to prompt_tokens, for Gemini the thoughts to completion_tokens.

// LiteLLM's Usage object as dumped into the payload; read for the breakdown only.
const usageObject = z.object({
  prompt_tokens_details: z
    .object({ cached_tokens: optionalTokenCount, cache_creation_tokens: optionalTokenCount })
    .nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: optionalTokenCount }).nullish(),
  cache_creation_input_tokens: optionalTokenCount,
  cache_read_input_tokens: optionalTokenCount,
});

const objectError = (issue: { input: unknown }) => `must be an object, got ${describeValue(issue.input)}`;

const standardLoggingPayload = z.object(
  {
    id: responseId,
    status: z.string().nullish().catch(null),
    cache_hit: z.boolean().nullish().catch(null),
    model: modelName,
    prompt_tokens: tokenCount,
    completion_tokens: tokenCount,
    total_tokens: optionalTokenCount,
    startTime: unixSeconds.nullish(),
    endTime: unixSeconds.nullish(),
    end_user: z.unknown().optional(),
    metadata: z
      .object(
        {
          user_api_key_user_email: z.unknown().optional(),
          user_api_key_user_id: z.unknown().optional(),
          usage_object: usageObject.nullish(),
        },
        { error: objectError },
      )
      .nullish(),
    hidden_params: z.object({ usage_object: usageObject.nullish() }, { error: objectError }).nullish(),
  },
  { error: (issue) => `must be a LiteLLM StandardLoggingPayload (an object), got ${describeValue(issue.input)}` },
);

type StandardLoggingPayload = z.infer<typeof standardLoggingPayload>;

/**
 * Maps a LiteLLM StandardLoggingPayload to a native event: input = prompt_tokens and output =
 * completion_tokens as LiteLLM normalized them; the cache and reasoning breakdown comes from
 * the Usage object LiteLLM keeps in metadata.usage_object (or hidden_params.usage_object).
 *
 * @example
 * toLiteLLMEvent({ id: 'chatcmpl-9', model: 'gpt-4o', prompt_tokens: 1200, completion_tokens: 80,
 *   endTime: 1795514401.5, metadata: { usage_object: { prompt_tokens_details: { cached_tokens: 1024 } } } })
 * // { id: 'chatcmpl-9', model: 'gpt-4o', input_tokens: 1200, output_tokens: 80, cache_read_tokens: 1024,
 * //   cache_write_tokens: null, reasoning_tokens: null, timestamp: '2026-11-24T10:00:01.500Z' }
 */
export function toLiteLLMEvent(payload: StandardLoggingPayload): Omit<NativeEventInput, 'user'> {
  const usage = payload.metadata?.usage_object ?? payload.hidden_params?.usage_object;
  const finishedAt = payload.endTime ?? payload.startTime;
  return {
    id: payload.id,
    model: payload.model ?? null,
    input_tokens: payload.prompt_tokens,
    output_tokens: payload.completion_tokens,
    cache_read_tokens: usage?.prompt_tokens_details?.cached_tokens ?? usage?.cache_read_input_tokens ?? null,
    cache_write_tokens:
      usage?.cache_creation_input_tokens ?? usage?.prompt_tokens_details?.cache_creation_tokens ?? null,
    reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? null,
    timestamp: finishedAt === null || finishedAt === undefined ? null : isoFromUnixSeconds(finishedAt),
  };
}

/**
 * Skips what used no model tokens: answers from LiteLLM's own response cache, and failed
 * calls that report none (the logger sends failures too unless event_types says otherwise).
 */
function usedModelTokens(payload: StandardLoggingPayload): boolean {
  if (payload.cache_hit === true) return false;
  return payload.status !== 'failure' || payload.prompt_tokens + payload.completion_tokens > 0;
}

const litellmShape: VendorShape<StandardLoggingPayload> = {
  description: 'a LiteLLM StandardLoggingPayload',
  schema: standardLoggingPayload,
  personFields: (payload) => [
    { path: 'end_user', value: payload.end_user },
    { path: 'metadata.user_api_key_user_email', value: payload.metadata?.user_api_key_user_email },
    { path: 'metadata.user_api_key_user_id', value: payload.metadata?.user_api_key_user_id },
  ],
  counts: usedModelTokens,
  toEvent: toLiteLLMEvent,
};

/** POST /api/usage/litellm: what LiteLLM's generic_api logger posts, one payload or a JSON list. */
export const litellmFormat: UsageFormat = {
  name: 'litellm',
  toEvents: (body, person) => mapVendorBody(body, person, litellmShape),
};
