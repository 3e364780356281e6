import type { CounterReading } from './counter-increase.js';
import type { TelemetryOrigin } from './telemetry-precedence.js';
import type { TokenKind } from './token-kinds.js';

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

/** One refusal: where in the request, and what was wrong there. */
export interface ValidationDetail {
  path: string;
  message: string;
}

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
