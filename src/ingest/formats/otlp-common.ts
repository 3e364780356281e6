import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { ANONYMOUS_PREFIX, UNNAMED } from '../../identity/anonymous-ref.js';
import type { CodingAgent, TelemetryOrigin } from '../telemetry-precedence.js';
import type { TimestampWindow } from '../timestamp-window.js';
import type { ParseResult } from '../usage-event.js';
import { isPersonRef } from '../usage-event-schema.js';
import { type NativeEventInput, PERSON_HEADER, validateMapped } from './usage-format.js';

/** OTLP/HTTP JSON encodes 64-bit integers as decimal strings; some exporters send numbers. */
export const int64 = z.union([
  z.string().regex(/^\d+$/, 'must be a whole number (as a decimal string)'),
  z.number().int('must be a whole number').nonnegative('must not be negative'),
]);

// Exporters write absent fields as null too (Codex's JSON does), so every field may be.
const anyValue = z.object({
  stringValue: z.string().nullish(),
  intValue: z.union([z.string(), z.number()]).nullish(),
  doubleValue: z.number().nullish(),
  boolValue: z.boolean().nullish(),
});

export const attributesSchema = z.array(z.object({ key: z.string(), value: anyValue.nullish() })).nullish();
export const resourceSchema = z.object({ attributes: attributesSchema }).nullish();

export type Attributes = ReadonlyMap<string, string | number>;

/** OTLP key-value pairs as a map; ints become numbers where they fit. */
export function attributesOf(list: z.infer<typeof attributesSchema>): Attributes {
  const map = new Map<string, string | number>();
  for (const { key, value } of list ?? []) {
    if (value?.stringValue != null) map.set(key, value.stringValue);
    else if (value?.intValue != null) map.set(key, Number(value.intValue));
    else if (value?.doubleValue != null) map.set(key, value.doubleValue);
  }
  return map;
}

const PERSON_ATTRIBUTES = ['user.email', 'enduser.id', 'user.id'];

/**
 * The person usage belongs to: the first of `user.email`, `enduser.id`, `user.id` (on the
 * data point or span, then on the resource) that is an email or a Slack user ID, else the
 * X-Throne-User header. Claude Code, for one, sets `user.email`; its `user.id` is an
 * anonymous device hash and is passed over.
 */
export function personOf(headers: IncomingHttpHeaders, ...scopes: Attributes[]): string | undefined {
  for (const scope of scopes) {
    for (const key of PERSON_ATTRIBUTES) {
      const value = scope.get(key);
      if (isPersonRef(value)) return value;
    }
  }
  const header = headers[PERSON_HEADER];
  return Array.isArray(header) ? header[0] : header;
}

/** Nanoseconds since the epoch (decimal text) as an ISO 8601 instant. */
export function nanosToIso(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

/** A short stable hash, for ids built from attributes. */
export function stableHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** Attributes in key order, so the same series hashes the same whatever order they came in. */
export function sortedEntries(attributes: Attributes): Array<[string, string | number]> {
  return [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Attributes that identify an installation or account without naming a person: Claude Code's
 * `user.id` (a device hash), Gemini CLI's `installation.id`, Codex's `user.account_id`.
 */
const ANONYMOUS_ID_ATTRIBUTES = ['user.id', 'installation.id', 'user.account_id', 'user.account_uuid'];

/**
 * Who usage belongs to: a person (see personOf), or else an anonymous reference such as
 * `anon:user.id=4f2a…` from the first anonymous id attribute, or `anon:unnamed`.
 */
export function identify(
  headers: IncomingHttpHeaders,
  ...scopes: Attributes[]
): { person: string; anonymous?: never } | { anonymous: string; person?: never } {
  const person = personOf(headers, ...scopes);
  if (person !== undefined) return { person };
  for (const scope of scopes) {
    for (const key of ANONYMOUS_ID_ATTRIBUTES) {
      const value = scope.get(key);
      if (value === undefined || String(value) === '') continue;
      const id = String(value);
      return { anonymous: `${ANONYMOUS_PREFIX}${key}=${id.length <= 128 ? id : stableHash(id)}` };
    }
  }
  return { anonymous: UNNAMED };
}

/** The coding agents known by their resource's `service.name`. */
export function agentOfService(resource: Attributes): CodingAgent | undefined {
  const service = String(resource.get('service.name') ?? '');
  if (service === 'claude-code') return 'claude_code';
  if (service === 'gemini-cli') return 'gemini_cli';
  if (service.startsWith('codex')) return 'codex';
  return undefined;
}

/** An event mapped from telemetry, before validation. */
export interface TelemetryEvent {
  path: string;
  native: Omit<NativeEventInput, 'user'>;
  who: ReturnType<typeof identify>;
  telemetry?: TelemetryOrigin;
}

/**
 * Events one export may map to. Exporters batch by count, not by the bot's 1000: the SDKs send
 * up to 512 records, a Collector's batch processor 8192 by default (more when one request is
 * larger); the body limit bounds the rest.
 */
export const MAX_TELEMETRY_EVENTS = 20_000;

// Anonymous events pass the native validation as this stand-in, then get their reference back.
const ANONYMOUS_STAND_IN = 'U0ANONYMOUS';

/**
 * Validates mapped telemetry with the native rules. Unlike the other routes, an event that names
 * nobody is not refused: it is kept under its anonymous reference (see identify).
 */
export function validateTelemetry(mapped: TelemetryEvent[], window: TimestampWindow): ParseResult {
  const validated = validateMapped(
    mapped.map(({ native, who }) => ({ ...native, user: who.person ?? ANONYMOUS_STAND_IN })),
    window,
    (index) => mapped[index]?.path ?? String(index),
    MAX_TELEMETRY_EVENTS,
  );
  if (!validated.ok) return validated;
  const events = validated.events.map((event, index) => {
    const item = mapped[index];
    const anonymous = item?.who.anonymous;
    return {
      ...event,
      ...(anonymous !== undefined ? { userRef: anonymous } : {}),
      ...(item?.telemetry ? { telemetry: item.telemetry } : {}),
    };
  });
  return { ok: true, events };
}
