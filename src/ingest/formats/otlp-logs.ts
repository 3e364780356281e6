import { z } from 'zod';
import { issueDetails } from '../../validation.js';
import type { BodyParser } from '../usage-event.js';
import { AGENT_LOG_EVENTS, type AgentLogEvent } from './agent-log-events.js';
import {
  type Attributes,
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

const logRecordSchema = z.object({
  timeUnixNano: int64.nullish(),
  observedTimeUnixNano: int64.nullish(),
  eventName: z.string().nullish(),
  body: z.object({ stringValue: z.string().nullish() }).nullish(),
  attributes: attributesSchema,
});

const logsSchema = z.object({
  resourceLogs: z.array(
    z.object({
      resource: resourceSchema,
      scopeLogs: z.array(z.object({ logRecords: z.array(z.unknown()).optional() })).optional(),
    }),
    { error: 'must be a list: this route takes OTLP logs (ExportLogsServiceRequest)' },
  ),
});

type LogRecord = z.infer<typeof logRecordSchema>;

/**
 * The names a record's event may go by: its `event.name` attribute, which Claude Code gives
 * without its prefix (`api_request`) and puts whole in the body, then OTLP's `eventName` field
 * (Codex's Rust appender fills it with the source location, `event otel/src/…:1187`).
 */
function eventNamesOf(record: LogRecord, attributes: Attributes): string[] {
  const names: string[] = [];
  const named = attributes.get('event.name');
  if (named !== undefined) {
    const name = String(named);
    const body = record.body?.stringValue;
    names.push(!name.includes('.') && body?.endsWith(`.${name}`) ? body : name);
  }
  if (record.eventName) names.push(record.eventName);
  return names;
}

const EVENTS_BY_NAME = new Map<string, AgentLogEvent>(AGENT_LOG_EVENTS.map((event) => [event.name, event]));

function knownEvent(raw: unknown): { event: AgentLogEvent; record: LogRecord; attributes: Attributes } | undefined {
  const parsed = logRecordSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const attributes = attributesOf(parsed.data.attributes);
  const event = eventNamesOf(parsed.data, attributes)
    .map((name) => EVENTS_BY_NAME.get(name))
    .find((known) => known !== undefined);
  if (!event || (event.applies && !event.applies(attributes))) return undefined;
  return { event, record: parsed.data, attributes };
}

/**
 * POST /v1/logs: the coding agents' per-request token events (see agent-log-events.ts) become
 * events; every other record is passed over, as exporters send all their logs. An event's id is
 * its API request id where it has one, else a hash of its attributes and time, so a re-sent
 * export counts once.
 */
export const parseOtlpLogs: BodyParser = (body, headers, window) => {
  const parsed = logsSchema.safeParse(body);
  if (!parsed.success) return { ok: false, details: issueDetails(parsed.error.issues) };
  const mapped: TelemetryEvent[] = [];
  parsed.data.resourceLogs.forEach((resourceLogs, r) => {
    const resource = attributesOf(resourceLogs.resource?.attributes);
    resourceLogs.scopeLogs?.forEach((scopeLogs, s) => {
      scopeLogs.logRecords?.forEach((raw, i) => {
        const known = knownEvent(raw);
        if (!known) return;
        const { event, record, attributes } = known;
        const { requestId, ...usage } = event.toUsage(attributes);
        // Unset times are 0 (Codex leaves timeUnixNano so, and sets the observed time).
        const timeNs = [record.timeUnixNano, record.observedTimeUnixNano].find(
          (time) => time != null && String(time) !== '0',
        );
        mapped.push({
          path: `resourceLogs.${r}.scopeLogs.${s}.logRecords.${i}`,
          native: {
            ...usage,
            id: `${event.name}:${requestId ?? stableHash([sortedEntries(attributes), String(timeNs ?? '')])}`,
            ...(timeNs != null ? { timestamp: nanosToIso(String(timeNs)) } : {}),
          },
          who: identify(headers, attributes, resource),
          telemetry: { agent: event.agent, signal: 'request' },
        });
      });
    });
  });
  return validateTelemetry(mapped, window);
};
