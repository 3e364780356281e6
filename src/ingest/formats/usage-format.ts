import type { ValidationDetail } from '../../validation.js';
import { parseUsageEvents } from '../parse-usage-body.js';
import type { TimestampWindow } from '../timestamp-window.js';
import type { BodyParser, ParseResult } from '../usage-event.js';
import { MAX_BATCH_EVENTS } from '../usage-event-schema.js';

/** The header that names the person when a vendor payload does not, as refusals spell it. */
export const PERSON_HEADER_NAME = 'X-Throne-User';
/** The same header as Node's request headers key it. */
export const PERSON_HEADER = PERSON_HEADER_NAME.toLowerCase();

/** A native usage event as POST /api/usage accepts it, produced by a vendor mapping. */
export interface NativeEventInput {
  id: string;
  user: string | undefined;
  model?: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens?: number | null;
  cache_write_tokens?: number | null;
  reasoning_tokens?: number | null;
  timestamp?: string | null;
}

export type MappedEvents =
  | {
      ok: true;
      events: NativeEventInput[];
      /** payloads that used no tokens and were passed over (e.g. LiteLLM's failure logs) */
      skipped?: number;
    }
  | { ok: false; details: ValidationDetail[] };

/** How one vendor's usage payload becomes native events: served at POST /api/usage/<name>. */
export interface UsageFormat {
  name: string;
  /**
   * Validates the vendor's own shape (refusals name the vendor's fields, e.g. `usage.prompt_tokens`)
   * and maps it. `person` is the X-Throne-User header, for payloads that name nobody.
   */
  toEvents(body: unknown, person: string | undefined): MappedEvents;
}

/**
 * Applies the native rules (ranges, the person, timestamps, at most 1000 events) to what a
 * mapping produced, so every route accepts exactly the same events. `pathOf(i)` names where
 * mapped event i came from in the vendor's payload.
 */
export function validateMapped(
  events: NativeEventInput[],
  window: TimestampWindow,
  pathOf: (index: number) => string,
  maxEvents = MAX_BATCH_EVENTS,
): ParseResult {
  if (events.length > maxEvents) {
    const message = `maps to ${events.length} events; at most ${maxEvents} fit in one request, send smaller batches`;
    return { ok: false, details: [{ path: '(body)', message }] };
  }
  const result = parseUsageEvents(events, window, pathOf);
  if (result.ok) return result;
  // The native wording ("got nothing") doesn't tell a vendor integration what to do.
  const nobody = new Set(events.flatMap((event, index) => (event.user === undefined ? [`${pathOf(index)}.user`] : [])));
  const details = result.details.map((detail) => (nobody.has(detail.path) ? { ...detail, message: NOBODY } : detail));
  return { ok: false, details };
}

const NOBODY = `names nobody: send an ${PERSON_HEADER} header (a Slack user ID or an email), or a person in the payload`;

/** A body parser for a vendor format: map, then validate as native events. */
export function parserFor(format: UsageFormat): BodyParser {
  return (body, headers, window) => {
    const header = headers[PERSON_HEADER];
    const mapped = format.toEvents(body, Array.isArray(header) ? header[0] : header);
    if (!mapped.ok) return mapped;
    if (mapped.events.length === 0) {
      // Only skipped payloads (a batch of failures, say): nothing to store, nothing wrong.
      if ((mapped.skipped ?? 0) > 0) return { ok: true, events: [] };
      return { ok: false, details: [{ path: '(body)', message: `holds no token usage in the ${format.name} shape` }] };
    }
    return validateMapped(mapped.events, window, (index) => `${format.name}[${index}]`);
  };
}
