import { z } from 'zod';
import { describeValue, tokenCount } from '../usage-event-schema.js';
import type { NativeEventInput, UsageFormat } from './usage-format.js';
import { mapVendorBody, type PersonField, propertyOf, type VendorShape } from './vendor-body.js';
import {
  isoFromUnixSeconds,
  modelName,
  optionalTokenCount,
  partWithinWhole,
  responseId,
  unixSeconds,
} from './vendor-fields.js';

// Shapes from openai-node: src/resources/completions.ts (CompletionUsage),
// src/resources/chat/completions/completions.ts (ChatCompletion, ChatCompletionChunk) and
// src/resources/responses/responses.ts (Response, ResponseUsage). In both usages the cached
// tokens are part of the prompt/input tokens and the reasoning tokens part of the output.

const MISSING_USAGE =
  'is missing: nothing to count (a streamed completion reports usage only in its last chunk, ' +
  'with stream_options.include_usage)';
const missingUsage = (issue: { input: unknown }) =>
  issue.input === undefined || issue.input === null
    ? MISSING_USAGE
    : `must be an object, got ${describeValue(issue.input)}`;

const chatUsage = z
  .object(
    {
      prompt_tokens: tokenCount,
      completion_tokens: tokenCount,
      total_tokens: optionalTokenCount,
      prompt_tokens_details: z.object({ cached_tokens: optionalTokenCount }).nullish(),
      completion_tokens_details: z.object({ reasoning_tokens: optionalTokenCount }).nullish(),
    },
    { error: missingUsage },
  )
  .superRefine((usage, context) => {
    partWithinWhole(
      context,
      { path: ['prompt_tokens_details', 'cached_tokens'], value: usage.prompt_tokens_details?.cached_tokens },
      { name: 'prompt_tokens', value: usage.prompt_tokens },
    );
    partWithinWhole(
      context,
      {
        path: ['completion_tokens_details', 'reasoning_tokens'],
        value: usage.completion_tokens_details?.reasoning_tokens,
      },
      { name: 'completion_tokens', value: usage.completion_tokens },
    );
  });

const responsesUsage = z
  .object(
    {
      input_tokens: tokenCount,
      output_tokens: tokenCount,
      total_tokens: optionalTokenCount,
      input_tokens_details: z.object({ cached_tokens: optionalTokenCount }).nullish(),
      output_tokens_details: z.object({ reasoning_tokens: optionalTokenCount }).nullish(),
    },
    { error: missingUsage },
  )
  .superRefine((usage, context) => {
    partWithinWhole(
      context,
      { path: ['input_tokens_details', 'cached_tokens'], value: usage.input_tokens_details?.cached_tokens },
      { name: 'input_tokens', value: usage.input_tokens },
    );
    partWithinWhole(
      context,
      { path: ['output_tokens_details', 'reasoning_tokens'], value: usage.output_tokens_details?.reasoning_tokens },
      { name: 'output_tokens', value: usage.output_tokens },
    );
  });

// Person fields are read leniently (any type): only a Slack user ID or an email counts.
const personShape = { user: z.unknown().optional(), metadata: z.unknown().optional() };
const chatShape = {
  id: responseId,
  created: unixSeconds.optional(),
  model: modelName,
  usage: chatUsage,
  ...personShape,
};

const openaiPayload = z.discriminatedUnion(
  'object',
  [
    z.object({ object: z.literal('chat.completion'), ...chatShape }),
    z.object({ object: z.literal('chat.completion.chunk'), ...chatShape }),
    z.object({
      object: z.literal('response'),
      id: responseId,
      created_at: unixSeconds.optional(),
      model: modelName,
      usage: responsesUsage,
      ...personShape,
    }),
  ],
  {
    error: (issue) =>
      'must be "chat.completion", "chat.completion.chunk" or "response" (a Chat Completions or Responses API ' +
      `object), got ${describeValue(propertyOf(issue.input, 'object'))}`,
  },
);

type OpenAIPayload = z.infer<typeof openaiPayload>;

/** Request fields a tool may echo into the response, in the order they are trusted. */
function personFields(payload: OpenAIPayload): PersonField[] {
  return [
    { path: 'user', value: payload.user },
    ...['user', 'user_email', 'user_id'].map((key) => ({
      path: `metadata.${key}`,
      value: propertyOf(payload.metadata, key),
    })),
  ];
}

/**
 * Maps an OpenAI Chat Completions or Responses API object to a native event: input = all
 * prompt tokens (cached ones included), output = all generated tokens (reasoning included).
 *
 * @example
 * toOpenAIEvent({ object: 'chat.completion', id: 'chatcmpl-1', created: 1795514400, model: 'gpt-4o',
 *   usage: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } } })
 * // { id: 'chatcmpl-1', model: 'gpt-4o', input_tokens: 2006, output_tokens: 300, cache_read_tokens: 1920,
 * //   reasoning_tokens: null, timestamp: '2026-11-24T10:00:00.000Z' }
 */
export function toOpenAIEvent(payload: OpenAIPayload): Omit<NativeEventInput, 'user'> {
  if (payload.object === 'response') {
    const { usage } = payload;
    return {
      id: payload.id,
      model: payload.model ?? null,
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_tokens: usage.input_tokens_details?.cached_tokens ?? null,
      reasoning_tokens: usage.output_tokens_details?.reasoning_tokens ?? null,
      timestamp: payload.created_at === undefined ? null : isoFromUnixSeconds(payload.created_at),
    };
  }
  const { usage } = payload;
  return {
    id: payload.id,
    model: payload.model ?? null,
    input_tokens: usage.prompt_tokens,
    output_tokens: usage.completion_tokens,
    cache_read_tokens: usage.prompt_tokens_details?.cached_tokens ?? null,
    reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? null,
    timestamp: payload.created === undefined ? null : isoFromUnixSeconds(payload.created),
  };
}

const openaiShape: VendorShape<OpenAIPayload> = {
  description: 'an OpenAI Chat Completions or Responses API object',
  schema: openaiPayload,
  personFields,
  toEvent: toOpenAIEvent,
};

/** POST /api/usage/openai: a chat.completion (or its last stream chunk) or a Responses API object, or a list. */
export const openaiFormat: UsageFormat = {
  name: 'openai',
  toEvents: (body, person) => mapVendorBody(body, person, openaiShape),
};
