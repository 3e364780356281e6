import { z } from 'zod';
import { describeValue, tokenCount } from '../usage-event-schema.js';
import type { NativeEventInput, UsageFormat } from './usage-format.js';
import { mapVendorBody, type VendorShape } from './vendor-body.js';
import { modelName, optionalTokenCount, partWithinWhole } from './vendor-fields.js';

// Shape from the Gemini API reference (ai.google.dev/api/generate-content: GenerateContentResponse,
// UsageMetadata) and Vertex AI's, which adds createTime. promptTokenCount includes the cached
// content; thoughtsTokenCount and toolUsePromptTokenCount are reported apart. Counts that are 0
// may be left out (proto3 JSON), so every count but the prompt's defaults to 0.

const usageMetadata = z
  .object(
    {
      promptTokenCount: tokenCount,
      candidatesTokenCount: optionalTokenCount,
      cachedContentTokenCount: optionalTokenCount,
      thoughtsTokenCount: optionalTokenCount,
      toolUsePromptTokenCount: optionalTokenCount,
      totalTokenCount: optionalTokenCount,
    },
    {
      error: (issue) =>
        issue.input === undefined
          ? 'is missing: nothing to count (send the response, or the last chunk of a stream, with its usageMetadata)'
          : `must be an object, got ${describeValue(issue.input)}`,
    },
  )
  .superRefine((usage, context) => {
    partWithinWhole(
      context,
      { path: ['cachedContentTokenCount'], value: usage.cachedContentTokenCount },
      { name: 'promptTokenCount', value: usage.promptTokenCount },
    );
  });

const generateContentResponse = z.object(
  {
    responseId: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is missing: Throne needs the response's id to count a retry once; send the response as the API " +
              'returned it (every response and stream chunk carries one)'
            : `must be the response's id (text), got ${describeValue(issue.input)}`,
      })
      .min(1, 'must not be empty'),
    modelVersion: modelName,
    // Vertex AI only; the Gemini API has no time, so the event counts as now.
    createTime: z.iso
      .datetime({
        offset: true,
        error: (issue) => `must be an ISO 8601 date-time with a zone, got ${describeValue(issue.input)}`,
      })
      .nullish(),
    usageMetadata,
  },
  { error: (issue) => `must be a Gemini generateContent response (an object), got ${describeValue(issue.input)}` },
);

type GenerateContentResponse = z.infer<typeof generateContentResponse>;

/**
 * Maps a Gemini generateContent response to a native event: input = prompt (cached content
 * included) + tool-use prompt tokens, output = candidates + thoughts. Some models count the
 * thoughts inside candidatesTokenCount; when totalTokenCount shows that (it equals prompt +
 * tool-use + candidates), they are not added again, as LiteLLM does too.
 *
 * @example
 * toGeminiEvent({ responseId: 'r1', modelVersion: 'gemini-2.5-flash',
 *   usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 5, thoughtsTokenCount: 7, totalTokenCount: 23 } })
 * // { id: 'r1', model: 'gemini-2.5-flash', input_tokens: 11, output_tokens: 12, cache_read_tokens: null,
 * //   reasoning_tokens: 7, timestamp: null }
 */
export function toGeminiEvent(response: GenerateContentResponse): Omit<NativeEventInput, 'user'> {
  const usage = response.usageMetadata;
  const input = usage.promptTokenCount + (usage.toolUsePromptTokenCount ?? 0);
  const candidates = usage.candidatesTokenCount ?? 0;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const thoughtsInCandidates = thoughts > 0 && usage.totalTokenCount === input + candidates;
  return {
    id: response.responseId,
    model: response.modelVersion ?? null,
    input_tokens: input,
    output_tokens: thoughtsInCandidates ? candidates : candidates + thoughts,
    cache_read_tokens: usage.cachedContentTokenCount ?? null,
    reasoning_tokens: usage.thoughtsTokenCount ?? null,
    timestamp: response.createTime ?? null,
  };
}

const geminiShape: VendorShape<GenerateContentResponse> = {
  description: 'a Gemini generateContent response',
  schema: generateContentResponse,
  toEvent: toGeminiEvent,
};

/** POST /api/usage/gemini: a generateContent response (or a stream's last chunk), or a list of them. */
export const geminiFormat: UsageFormat = {
  name: 'gemini',
  toEvents: (body, person) => mapVendorBody(body, person, geminiShape),
};
