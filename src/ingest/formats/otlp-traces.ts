import { z } from 'zod';
import { issueDetails } from '../../validation.js';
import type { BodyParser } from '../usage-event.js';
import {
  agentOfService,
  attributesOf,
  attributesSchema,
  identify,
  int64,
  nanosToIso,
  resourceSchema,
  type TelemetryEvent,
  validateTelemetry,
} from './otlp-common.js';

const spanSchema = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits'),
  spanId: z.string().regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex digits'),
  endTimeUnixNano: int64.optional(),
  attributes: attributesSchema,
});

const tracesSchema = z.object({
  resourceSpans: z.array(
    z.object({
      resource: resourceSchema,
      scopeSpans: z.array(z.object({ spans: z.array(spanSchema).optional() })).optional(),
    }),
    { error: 'must be a list: this route takes OTLP/HTTP JSON traces (ExportTraceServiceRequest)' },
  ),
});

const USAGE = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'],
  cacheWrite: ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'],
} as const;

function firstOf(attributes: ReadonlyMap<string, string | number>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value !== undefined) return typeof value === 'number' ? value : Number.NaN;
  }
  return undefined;
}

/**
 * POST /v1/traces: every span carrying GenAI usage attributes (`gen_ai.usage.input_tokens`,
 * `gen_ai.usage.output_tokens`, per the OpenTelemetry GenAI semantic conventions) becomes one
 * event with id `<traceId>:<spanId>`, so a re-sent export counts once. Spans without usage are
 * ignored, as an exporter sends every span it has.
 */
export const parseOtlpTraces: BodyParser = (body, headers, window) => {
  const parsed = tracesSchema.safeParse(body);
  if (!parsed.success) return { ok: false, details: issueDetails(parsed.error.issues) };
  const mapped: TelemetryEvent[] = [];
  parsed.data.resourceSpans.forEach((resourceSpans, r) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    // The coding agents' usage is read from their events and metrics; Codex also puts it on
    // spans, which would count each response once more.
    if (agentOfService(resource) !== undefined) return;
    resourceSpans.scopeSpans?.forEach((scopeSpans, s) => {
      scopeSpans.spans?.forEach((span, i) => {
        const attributes = attributesOf(span.attributes);
        const input = firstOf(attributes, USAGE.input);
        const output = firstOf(attributes, USAGE.output);
        if (input === undefined && output === undefined) return;
        const model = attributes.get('gen_ai.response.model') ?? attributes.get('gen_ai.request.model');
        mapped.push({
          path: `resourceSpans.${r}.scopeSpans.${s}.spans.${i}`,
          native: {
            id: `${span.traceId.toLowerCase()}:${span.spanId.toLowerCase()}`,
            model: model === undefined ? null : String(model),
            input_tokens: input ?? 0,
            output_tokens: output ?? 0,
            cache_read_tokens: firstOf(attributes, USAGE.cacheRead) ?? null,
            cache_write_tokens: firstOf(attributes, USAGE.cacheWrite) ?? null,
            ...(span.endTimeUnixNano !== undefined ? { timestamp: nanosToIso(String(span.endTimeUnixNano)) } : {}),
          },
          who: identify(headers, attributes, resource),
        });
      });
    });
  });
  return validateTelemetry(mapped, window);
};
