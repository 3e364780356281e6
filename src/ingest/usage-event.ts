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
}

/** One refusal: where in the request, and what was wrong there. */
export interface ValidationDetail {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; events: UsageEvent[] } | { ok: false; details: ValidationDetail[] };
