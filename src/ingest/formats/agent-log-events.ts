import type { CodingAgent } from '../telemetry-precedence.js';
import { toGeminiEvent } from './gemini.js';
import type { Attributes } from './otlp-common.js';
import type { NativeEventInput } from './usage-format.js';

/** A log record's usage, mapped; the id is left to the caller when the event carries none. */
export type AgentUsage = Omit<NativeEventInput, 'user' | 'id' | 'timestamp'> & { requestId?: string };

/** A per-request token event of one coding agent, recognised by its name. */
export interface AgentLogEvent {
  agent: CodingAgent;
  /** the event's full name, as its `event.name` attribute or its body gives it */
  name: string;
  /** only some events of that name carry usage (Codex's `codex.sse_event` of kind `response.completed`) */
  applies?: (attributes: Attributes) => boolean;
  toUsage: (attributes: Attributes) => AgentUsage;
}

/**
 * A token count attribute: exporters send whole numbers as ints, some (Codex) as decimal text.
 * Anything else is NaN, which validation refuses naming the field.
 */
function count(attributes: Attributes, key: string): number | undefined {
  const value = attributes.get(key);
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

function text(attributes: Attributes, key: string): string | undefined {
  const value = attributes.get(key);
  return value === undefined ? undefined : String(value);
}

/**
 * Claude Code's `claude_code.api_request` (its monitoring guide, "API request event"): one per
 * call to the Messages API, with `input_tokens` (cache excluded, as the API reports it),
 * `output_tokens`, `cache_read_tokens`, `cache_creation_tokens`, `model` and the API's
 * `request_id`. Cache tokens are prompt tokens too, as the Anthropic format credits them.
 */
const claudeCodeApiRequest: AgentLogEvent = {
  agent: 'claude_code',
  name: 'claude_code.api_request',
  toUsage: (attributes) => {
    const input = count(attributes, 'input_tokens') ?? 0;
    const cacheRead = count(attributes, 'cache_read_tokens');
    const cacheWrite = count(attributes, 'cache_creation_tokens');
    const requestId = text(attributes, 'request_id');
    return {
      model: text(attributes, 'model') ?? null,
      input_tokens: input + (cacheRead ?? 0) + (cacheWrite ?? 0),
      output_tokens: count(attributes, 'output_tokens') ?? 0,
      cache_read_tokens: cacheRead ?? null,
      cache_write_tokens: cacheWrite ?? null,
      ...(requestId ? { requestId } : {}),
    };
  },
};

/**
 * Gemini CLI's `gemini_cli.api_response` (packages/core/src/telemetry/types.ts, ApiResponseEvent):
 * the response's usageMetadata as `input_token_count` (prompt, cached content included),
 * `output_token_count` (candidates), `cached_content_token_count`, `thoughts_token_count`,
 * `tool_token_count` and `total_token_count`. Credited as the Gemini format credits usageMetadata:
 * thoughts are output, tool-use prompts are input, cached content is not added twice.
 */
const geminiCliApiResponse: AgentLogEvent = {
  agent: 'gemini_cli',
  name: 'gemini_cli.api_response',
  toUsage: (attributes) => {
    const total = count(attributes, 'total_token_count');
    const { input_tokens, output_tokens, cache_read_tokens, reasoning_tokens } = toGeminiEvent({
      responseId: '',
      modelVersion: text(attributes, 'model'),
      usageMetadata: {
        promptTokenCount: count(attributes, 'input_token_count') ?? 0,
        candidatesTokenCount: count(attributes, 'output_token_count'),
        cachedContentTokenCount: count(attributes, 'cached_content_token_count'),
        thoughtsTokenCount: count(attributes, 'thoughts_token_count'),
        toolUsePromptTokenCount: count(attributes, 'tool_token_count'),
        // 0 means "not reported" here (the CLI writes 0 for missing counts)
        totalTokenCount: total === 0 ? undefined : total,
      },
    });
    return {
      model: text(attributes, 'model') ?? null,
      input_tokens,
      output_tokens,
      cache_read_tokens: cache_read_tokens ?? null,
      reasoning_tokens: reasoning_tokens ?? null,
    };
  },
};

/**
 * Codex's `codex.sse_event` with `event.kind` = `response.completed` (codex-rs/otel,
 * SessionTelemetry::sse_event_completed): the Responses API usage as `input_token_count` (cached
 * included), `output_token_count` (reasoning included), `cached_token_count`,
 * `reasoning_token_count`; its `tool_token_count` carries the total and adds nothing.
 */
const codexResponseCompleted: AgentLogEvent = {
  agent: 'codex',
  name: 'codex.sse_event',
  applies: (attributes) =>
    attributes.get('event.kind') === 'response.completed' && attributes.get('input_token_count') !== undefined,
  toUsage: (attributes) => ({
    model: text(attributes, 'model') ?? null,
    input_tokens: count(attributes, 'input_token_count') ?? 0,
    output_tokens: count(attributes, 'output_token_count') ?? 0,
    cache_read_tokens: count(attributes, 'cached_token_count') ?? null,
    reasoning_tokens: count(attributes, 'reasoning_token_count') ?? null,
  }),
};

export const AGENT_LOG_EVENTS: readonly AgentLogEvent[] = [
  claudeCodeApiRequest,
  geminiCliApiResponse,
  codexResponseCompleted,
];
