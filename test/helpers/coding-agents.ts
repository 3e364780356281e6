import type { TelemetrySdk } from './otel-exporters.js';

/**
 * Records what the coding agents record for one model request, through the OpenTelemetry SDK,
 * with the names and attributes their sources use (see test/fixtures/otlp/README.md), and
 * returns the tokens the bot must credit for it.
 */
export interface AgentRequest {
  input: number;
  output: number;
  cached: number;
  /** cache writes (Claude Code) */
  cacheWrite?: number;
  /** thoughts (Gemini) or reasoning (Codex) */
  reasoning?: number;
  tool?: number;
  id: string;
}

export interface CodingAgentShape {
  name: string;
  resource: Record<string, string>;
  temporality: 'cumulative' | 'delta';
  /** records one request on every signal the agent exports; returns the tokens to credit */
  record(sdk: TelemetrySdk, request: AgentRequest, sequence: number): number;
}

const CLAUDE_ATTRIBUTES = {
  'user.id': '2f1c9e0b7d3a4c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a',
  'session.id': '6f9a3c1e-2b4d-4e8f-9a0b-1c2d3e4f5a6b',
  'organization.id': 'org-9c1f',
  'user.account_uuid': 'b4e1c2d3-0000-4000-8000-000000000001',
  'user.email': 'alice@example.com',
  'terminal.type': 'xterm-256color',
};

/** Claude Code: claude_code.token.usage (cumulative counter) and the claude_code.api_request event. */
export function claudeCode(attributes: Record<string, string> = CLAUDE_ATTRIBUTES): CodingAgentShape {
  return {
    name: 'Claude Code',
    resource: { 'service.name': 'claude-code', 'service.version': '2.1.332' },
    temporality: 'cumulative',
    record(sdk, request, sequence) {
      const model = 'claude-sonnet-4-5-20250929';
      const counter = sdk.meter.createCounter('claude_code.token.usage', { unit: 'tokens' });
      const cacheWrite = request.cacheWrite ?? 0;
      counter.add(request.input, { ...attributes, type: 'input', model });
      counter.add(request.output, { ...attributes, type: 'output', model });
      counter.add(request.cached, { ...attributes, type: 'cacheRead', model });
      counter.add(cacheWrite, { ...attributes, type: 'cacheCreation', model });
      sdk.meter.createCounter('claude_code.cost.usage', { unit: 'USD' }).add(0.0123, { ...attributes, model });
      sdk.logger.emit({
        body: 'claude_code.api_request',
        attributes: {
          ...attributes,
          'event.name': 'api_request',
          'event.timestamp': new Date().toISOString(),
          'event.sequence': sequence,
          'prompt.id': `prompt-${sequence}`,
          model,
          input_tokens: request.input,
          output_tokens: request.output,
          cache_read_tokens: request.cached,
          cache_creation_tokens: cacheWrite,
          cost_usd: 0.0123,
          duration_ms: 2310,
          request_id: request.id,
          speed: 'normal',
        },
      });
      sdk.logger.emit({
        body: 'claude_code.tool_result',
        attributes: { ...attributes, 'event.name': 'tool_result', tool_name: 'Bash', success: 'true' },
      });
      return request.input + request.output + request.cached + cacheWrite;
    },
  };
}

const GEMINI_ATTRIBUTES = {
  'session.id': '0d5c4b3a-2918-4765-a4b3-c2d1e0f9a8b7',
  'installation.id': 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  interactive: 'false',
  auth_type: 'gemini-api-key',
};

/**
 * Gemini CLI: gemini_cli.token.usage and gen_ai.client.token.usage, the gemini_cli.api_response
 * event and the GenAI operation-details event, and a span with GenAI usage.
 */
export function geminiCli(attributes: Record<string, string> = GEMINI_ATTRIBUTES): CodingAgentShape {
  return {
    name: 'Gemini CLI',
    resource: {
      'service.name': 'gemini-cli',
      'service.version': 'v20.19.0',
      'session.id': GEMINI_ATTRIBUTES['session.id'],
    },
    temporality: 'cumulative',
    record(sdk, request) {
      const model = 'gemini-2.5-pro';
      const thoughts = request.reasoning ?? 0;
      const tool = request.tool ?? 0;
      const total = request.input + request.output + thoughts + tool;
      const tokens = sdk.meter.createCounter('gemini_cli.token.usage');
      for (const [type, count] of [
        ['input', request.input],
        ['output', request.output],
        ['cache', request.cached],
        ['thought', thoughts],
        ['tool', tool],
      ] as const) {
        tokens.add(count, { ...attributes, model, type });
      }
      const genAi = sdk.meter.createHistogram('gen_ai.client.token.usage', { unit: 'token' });
      const conventions = {
        'gen_ai.operation.name': 'generate_content',
        'gen_ai.provider.name': 'gcp.gemini',
        'gen_ai.request.model': model,
      };
      genAi.record(request.input, { ...attributes, ...conventions, 'gen_ai.token.type': 'input' });
      genAi.record(request.output, { ...attributes, ...conventions, 'gen_ai.token.type': 'output' });
      sdk.logger.emit({
        body: `API response from ${model}. Status: 200. Duration: 1830ms.`,
        attributes: {
          ...attributes,
          'event.name': 'gemini_cli.api_response',
          'event.timestamp': new Date().toISOString(),
          model,
          duration_ms: 1830,
          input_token_count: request.input,
          output_token_count: request.output,
          cached_content_token_count: request.cached,
          thoughts_token_count: thoughts,
          tool_token_count: tool,
          total_token_count: total,
          prompt_id: request.id,
          status_code: 200,
          finish_reasons: ['STOP'],
        },
      });
      sdk.logger.emit({
        body: `GenAI operation details from ${model}. Status: 200. Duration: 1830ms.`,
        attributes: {
          ...attributes,
          'event.name': 'gen_ai.client.inference.operation.details',
          'gen_ai.response.id': request.id,
          'gen_ai.usage.input_tokens': request.input,
          'gen_ai.usage.output_tokens': request.output,
        },
      });
      const span = sdk.tracer.startSpan('llm_call', {
        attributes: { 'gen_ai.usage.input_tokens': request.input, 'gen_ai.usage.output_tokens': request.output },
      });
      span.end();
      return total;
    },
  };
}

const CODEX_ATTRIBUTES = {
  'conversation.id': '019a9776-0a34-7842-8627-112b63d66e90',
  'app.version': '0.130.0',
  auth_mode: 'ApiKey',
  originator: 'codex_exec',
  'user.account_id': 'acct_7Q2',
  'user.email': 'carol@example.com',
  'terminal.type': 'tmux',
  model: 'gpt-5-codex',
  slug: 'gpt-5-codex',
};

/**
 * Codex: codex.turn.token_usage (a delta histogram by token_type), the codex.sse_event log of
 * kind response.completed (its counts as text, as 0.171.0 sends them), other SSE events, and the
 * handle_responses span that repeats the usage as gen_ai.usage.*.
 */
export function codex(attributes: Record<string, string> = CODEX_ATTRIBUTES): CodingAgentShape {
  return {
    name: 'Codex',
    resource: { 'service.name': 'codex_exec', 'service.version': '0.130.0' },
    temporality: 'delta',
    record(sdk, request) {
      const reasoning = request.reasoning ?? 0;
      const total = request.input + request.output;
      const usage = sdk.meter.createHistogram('codex.turn.token_usage');
      const tags = { model: attributes.model ?? 'gpt-5-codex', app_version: '0.130.0', tmp_mem_enabled: 'false' };
      for (const [type, value] of [
        ['total', total],
        ['input', request.input],
        ['cached_input', request.cached],
        ['output', request.output],
        ['reasoning_output', reasoning],
      ] as const) {
        usage.record(value, { ...tags, token_type: type });
      }
      const now = new Date().toISOString();
      sdk.logger.emit({
        attributes: {
          ...attributes,
          'event.name': 'codex.sse_event',
          'event.kind': 'response.created',
          'event.timestamp': now,
          duration_ms: '3',
        },
      });
      sdk.logger.emit({
        eventName: 'event otel/src/events/session_telemetry.rs:1187',
        attributes: {
          ...attributes,
          'event.name': 'codex.sse_event',
          'event.kind': 'response.completed',
          'event.timestamp': now,
          input_token_count: String(request.input),
          output_token_count: String(request.output),
          cached_token_count: String(request.cached),
          cache_write_token_count: '0',
          reasoning_token_count: String(reasoning),
          tool_token_count: String(total),
        },
      });
      const span = sdk.tracer.startSpan('handle_responses', {
        attributes: {
          'gen_ai.usage.input_tokens': request.input,
          'gen_ai.usage.cache_read.input_tokens': request.cached,
          'gen_ai.usage.output_tokens': request.output,
          'codex.usage.total_tokens': total,
          'conversation.id': attributes['conversation.id'] ?? '',
        },
      });
      span.end();
      return total;
    },
  };
}
