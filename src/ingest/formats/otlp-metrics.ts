import { z } from 'zod';
import { issueDetails } from '../../validation.js';
import type { CounterReading } from '../counter-increase.js';
import type { CodingAgent } from '../telemetry-precedence.js';
import { tokenFields } from '../token-kinds.js';
import type { BodyParser, CounterEvent, TokenKind, UsageEvent } from '../usage-event.js';
import {
  type Attributes,
  agentOfService,
  attributesOf,
  attributesSchema,
  identify,
  int64,
  nanosToIso,
  resourceSchema,
  sortedEntries,
  stableHash,
  type TelemetryEvent,
  validateTelemetry,
} from './otlp-common.js';

/**
 * The token metrics understood, with the attribute that says which kind of token a data point
 * counts; kinds left out add nothing (they are part of another kind, or a total). A coding
 * agent's own metric names the agent, for the rule that its per-request events win (see
 * telemetry-precedence.ts).
 */
const TOKEN_METRICS: Record<string, { kindAttribute: string; kinds: Record<string, TokenKind>; agent?: CodingAgent }> =
  {
    // OpenTelemetry GenAI semantic conventions (a histogram)
    'gen_ai.client.token.usage': {
      kindAttribute: 'gen_ai.token.type',
      kinds: { input: 'input', output: 'output', prompt: 'input', completion: 'output' },
    },
    // Claude Code's counter: its `input` excludes cache tokens (as Anthropic's API does), so the
    // cache kinds add to input too.
    'claude_code.token.usage': {
      kindAttribute: 'type',
      kinds: { input: 'input', output: 'output', cacheRead: 'cacheRead', cacheCreation: 'cacheWrite' },
      agent: 'claude_code',
    },
    // Gemini CLI's counter (packages/core/src/telemetry/metrics.ts): `input` is the prompt with its
    // cached content, so `cache` adds nothing; thoughts are output, tool-use prompts input.
    'gemini_cli.token.usage': {
      kindAttribute: 'type',
      kinds: { input: 'input', output: 'output', thought: 'reasoning', tool: 'input' },
      agent: 'gemini_cli',
    },
    // Codex's per-turn histogram (codex-rs, TURN_TOKEN_USAGE_METRIC): `input` includes cached and
    // cache-write input, `output` includes reasoning; `total` is their sum.
    'codex.turn.token_usage': {
      kindAttribute: 'token_type',
      kinds: { input: 'input', output: 'output' },
      agent: 'codex',
    },
  };

const DELTA = 1;
const CUMULATIVE = 2;
const temporality = z
  .union([z.number().int(), z.enum(['AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE'])])
  .transform((value) =>
    value === 'AGGREGATION_TEMPORALITY_DELTA'
      ? DELTA
      : value === 'AGGREGATION_TEMPORALITY_CUMULATIVE'
        ? CUMULATIVE
        : value,
  )
  .refine((value) => value === DELTA || value === CUMULATIVE, 'must be 1 (delta) or 2 (cumulative)');

const pointBase = {
  attributes: attributesSchema,
  startTimeUnixNano: int64.optional(),
  timeUnixNano: int64,
};
const tokenCount = z.number().nonnegative('must not be negative').finite();
const sumPoint = z.object({
  ...pointBase,
  asInt: z.union([z.string().regex(/^\d+$/, 'must be a whole number'), z.number().int().nonnegative()]).optional(),
  asDouble: tokenCount.optional(),
});
const histogramPoint = z.object({ ...pointBase, sum: tokenCount.optional() });

const metricSchema = z.object({
  name: z.string(),
  sum: z.object({ dataPoints: z.array(sumPoint), aggregationTemporality: temporality }).optional(),
  histogram: z.object({ dataPoints: z.array(histogramPoint), aggregationTemporality: temporality }).optional(),
});

const metricsSchema = z.object({
  resourceMetrics: z.array(
    z.object({
      resource: resourceSchema,
      scopeMetrics: z.array(z.object({ metrics: z.array(z.unknown()).optional() })).optional(),
    }),
    { error: 'must be a list: this route takes OTLP/HTTP JSON metrics (ExportMetricsServiceRequest)' },
  ),
});

interface Point {
  series: string;
  kind: TokenKind;
  cumulative: boolean;
  value: number;
  startNs: string;
  timeNs: string;
  mapped: TelemetryEvent;
}

function pointsOf(
  metric: z.infer<typeof metricSchema>,
  resource: Attributes,
  headers: Parameters<BodyParser>[1],
  path: string,
): Point[] {
  const known = TOKEN_METRICS[metric.name];
  const data = metric.sum ?? metric.histogram;
  if (!known || !data) return [];
  // A coding agent's own metric and events carry its usage; the generic GenAI metric it may send
  // beside them (Gemini CLI does) would count the same tokens again, with its thoughts missing.
  if (!known.agent && agentOfService(resource) !== undefined) return [];
  const field = metric.sum ? 'sum' : 'histogram';
  const points: Point[] = [];
  data.dataPoints.forEach((point: z.infer<typeof sumPoint> & z.infer<typeof histogramPoint>, index) => {
    const attributes = attributesOf(point.attributes);
    const kind = known.kinds[String(attributes.get(known.kindAttribute))];
    if (!kind) return;
    const value = metric.sum ? Number(point.asInt ?? point.asDouble ?? 0) : (point.sum ?? 0);
    const series = stableHash([metric.name, sortedEntries(resource), sortedEntries(attributes)]);
    const startNs = String(point.startTimeUnixNano ?? '0');
    const timeNs = String(point.timeUnixNano);
    const cumulative = data.aggregationTemporality === CUMULATIVE;
    const model =
      attributes.get('model') ?? attributes.get('gen_ai.response.model') ?? attributes.get('gen_ai.request.model');
    const fields = tokenFields(kind, value);
    points.push({
      series,
      kind,
      cumulative,
      value,
      startNs,
      timeNs,
      mapped: {
        path: `${path}.${field}.dataPoints.${index}`,
        native: {
          // A delta point is identified by its window; a cumulative reading by its time (its
          // increase is only known when stored).
          id: cumulative ? `${series}:${timeNs}` : `${series}:${startNs}:${timeNs}`,
          model: model === undefined ? null : String(model),
          input_tokens: fields.inputTokens,
          output_tokens: fields.outputTokens,
          cache_read_tokens: fields.cacheReadTokens,
          cache_write_tokens: fields.cacheWriteTokens,
          reasoning_tokens: fields.reasoningTokens,
          timestamp: nanosToIso(timeNs),
        },
        who: identify(headers, attributes, resource),
        ...(known.agent ? { telemetry: { agent: known.agent, signal: 'aggregate' as const } } : {}),
      },
    });
  });
  return points;
}

/**
 * POST /v1/metrics: token counters in OTLP/HTTP JSON. Delta points are events of their own
 * (id from the series and its time window, so a re-sent export counts once); cumulative points
 * are readings whose increase since the series' last reading is what gets credited.
 */
export const parseOtlpMetrics: BodyParser = (body, headers, window) => {
  const parsed = metricsSchema.safeParse(body);
  const details = parsed.success ? [] : issueDetails(parsed.error.issues);
  const points: Point[] = [];
  parsed.data?.resourceMetrics.forEach((resourceMetrics, r) => {
    const resource = attributesOf(resourceMetrics.resource?.attributes);
    resourceMetrics.scopeMetrics?.forEach((scopeMetrics, s) => {
      scopeMetrics.metrics?.forEach((raw, m) => {
        const path = `resourceMetrics.${r}.scopeMetrics.${s}.metrics.${m}`;
        const metric = metricSchema.safeParse(raw);
        if (metric.success) points.push(...pointsOf(metric.data, resource, headers, path));
        else if (typeof raw === 'object' && raw !== null && TOKEN_METRICS[String((raw as { name?: unknown }).name)]) {
          details.push(...issueDetails(metric.error.issues, path));
        }
      });
    });
  });
  if (details.length > 0) return { ok: false, details };
  const validated = validateTelemetry(
    points.map((point) => point.mapped),
    window,
  );
  if (!validated.ok) return validated;
  const events: UsageEvent[] = [];
  const counters: CounterEvent[] = [];
  validated.events.forEach((event, index) => {
    const point = points[index];
    if (!point?.cumulative) events.push(event);
    else {
      const reading: CounterReading = {
        series: point.series,
        startNs: point.startNs,
        timeNs: point.timeNs,
        value: point.value,
      };
      counters.push({ reading, kind: point.kind, event });
    }
  });
  return { ok: true, events, counters };
};
