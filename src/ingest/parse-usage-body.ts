import { issueDetails, joinPath, type ValidationDetail } from '../validation.js';
import { type TimestampWindow, timestampProblem } from './timestamp-window.js';
import type { BodyParser, ParseResult, UsageEvent } from './usage-event.js';
import { MAX_BATCH_EVENTS, plainUsageEvent, type UsageEventInput, usageEventSchema } from './usage-event-schema.js';

function toUsageEvent(input: UsageEventInput, now: number): UsageEvent {
  return {
    id: input.id,
    userRef: input.user,
    model: input.model ?? null,
    inputTokens: input.input_tokens,
    outputTokens: input.output_tokens,
    cacheReadTokens: input.cache_read_tokens ?? null,
    cacheWriteTokens: input.cache_write_tokens ?? null,
    reasoningTokens: input.reasoning_tokens ?? null,
    occurredAt: input.timestamp ? Date.parse(input.timestamp) : now,
  };
}

/**
 * Validates a list of events all or nothing. `pathOf(i)` names where event i came from
 * ("events.3" in a batch, "line 12" in a file), and starts every path in the details.
 * Besides each event's own fields, refuses a timestamp outside the window (more than 5 minutes
 * ahead, or older than the raw events kept) and an id repeated within the list (a sender bug;
 * retries arrive in separate requests).
 */
export function parseUsageEvents(
  values: unknown[],
  window: TimestampWindow,
  pathOf: (index: number) => string,
): ParseResult {
  const details: ValidationDetail[] = [];
  const events: UsageEvent[] = [];
  const firstIndexOfId = new Map<string, number>();
  values.forEach((value, index) => {
    let input = plainUsageEvent(value);
    if (input === undefined) {
      const parsed = usageEventSchema.safeParse(value);
      if (!parsed.success) {
        details.push(...issueDetails(parsed.error.issues, pathOf(index)));
        return;
      }
      input = parsed.data;
    }
    const event = toUsageEvent(input, window.now.getTime());
    const problem = timestampProblem(event.occurredAt, window);
    if (problem) details.push({ path: joinPath(pathOf(index), ['timestamp']), message: problem });
    const first = firstIndexOfId.get(event.id);
    if (first === undefined) firstIndexOfId.set(event.id, index);
    else details.push({ path: joinPath(pathOf(index), ['id']), message: `repeats the id of ${pathOf(first)}` });
    events.push(event);
  });
  return details.length > 0 ? { ok: false, details } : { ok: true, events };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(path: string, message: string): ParseResult {
  return { ok: false, details: [{ path, message }] };
}

/** Validates a parsed JSON body of POST /api/usage: one event, or `{"events": [...]}`. */
export const parseUsageBody: BodyParser = (body, _headers, window) => {
  if (!isRecord(body)) return refuse('(body)', 'must be a JSON object: one event, or {"events": [ … ]}');
  if (!('events' in body)) return parseUsageEvents([body], window, () => '');
  const { events } = body;
  if (!Array.isArray(events)) return refuse('events', 'must be a list of events');
  if (events.length === 0) return refuse('events', 'must hold at least one event');
  if (events.length > MAX_BATCH_EVENTS) {
    return refuse('events', `holds ${events.length} events; at most ${MAX_BATCH_EVENTS} fit in one request`);
  }
  return parseUsageEvents(events, window, (index) => `events.${index}`);
};
