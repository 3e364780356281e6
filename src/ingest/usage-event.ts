import type { IncomingHttpHeaders } from 'node:http';
import type { ValidationDetail } from '../validation.js';
import type { CounterReading } from './counter-increase.js';
import type { TelemetryOrigin } from './telemetry-precedence.js';
import type { TimestampWindow } from './timestamp-window.js';

/** A validated usage event, ready to store. */
export interface UsageEvent {
  id: string;
  /** Slack user ID, or a lower-cased email */
  userRef: string;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** milliseconds since the epoch */
  occurredAt: number;
  /** set on a coding agent's telemetry: decides which of its signals is credited */
  telemetry?: TelemetryOrigin;
}

/**
 * What a single count of tokens is, in sources that report one kind per data point
 * (OpenTelemetry counters). Cache and reasoning tokens also count as input or output, since
 * native events credit every token processed.
 */
export type TokenKind = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning';

/**
 * An event from a cumulative counter: stored with the counter's increase since its last
 * reading as its tokens (of `kind`), or not at all if the reading adds nothing new.
 */
export interface CounterEvent {
  reading: CounterReading;
  kind: TokenKind;
  event: UsageEvent;
}

export type ParseResult =
  | { ok: true; events: UsageEvent[]; counters?: CounterEvent[] }
  | { ok: false; details: ValidationDetail[] };

/**
 * Validates a parsed JSON body into events: the native shape, or a vendor's (see formats/). Events
 * without a time happened at `window.now`; events outside the window are refused.
 */
export type BodyParser = (body: unknown, headers: IncomingHttpHeaders, window: TimestampWindow) => ParseResult;
