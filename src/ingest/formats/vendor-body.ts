import type { z } from 'zod';
import { issueDetails, type ValidationDetail } from '../../validation.js';
import { isRecord } from '../parse-usage-body.js';
import { describeValue, isPersonRef, MAX_BATCH_EVENTS } from '../usage-event-schema.js';
import { type MappedEvents, type NativeEventInput, PERSON_HEADER_NAME } from './usage-format.js';

/** A field of the vendor's payload that may name the person, e.g. `metadata.user_id`. */
export interface PersonField {
  path: string;
  value: unknown;
}

/** One vendor's payload shape and how a payload of it becomes a native event. */
export interface VendorShape<T> {
  /** what the body must be, for refusing anything else, e.g. "an Anthropic Messages API response" */
  description: string;
  schema: z.ZodType<T>;
  /** the payload's own fields that may name the person, first match wins; the header comes last */
  personFields?: (payload: T) => PersonField[];
  /** false for payloads that used no tokens and are skipped, e.g. LiteLLM's failure logs */
  counts?: (payload: T) => boolean;
  toEvent: (payload: T) => Omit<NativeEventInput, 'user'>;
}

/** `value[key]` when value is an object, for optional vendor fields of any type. */
export function propertyOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function nobodyNamed(fields: readonly string[], where: string): ValidationDetail {
  const inBody = fields.length > 0 ? ` (or in ${fields.join(', ')})` : '';
  return {
    path: PERSON_HEADER_NAME,
    message:
      `is missing, and nothing in ${where} names the person: ` +
      `send their Slack user ID or email in the ${PERSON_HEADER_NAME} header${inBody}`,
  };
}

/**
 * Validates a vendor body (one payload, or a JSON list of them) all or nothing and maps each
 * payload to a native event. Refusals name the vendor's fields: `usage.prompt_tokens` for one
 * payload, `1.usage.input_tokens` for the second of a list. The person is the first of the
 * payload's own person fields that holds a Slack user ID or an email, else the header.
 *
 * @example
 * mapVendorBody([{ id: 'msg_1', usage: { input_tokens: 3 } }], 'U024BE7LH', anthropicShape)
 * // { ok: true, events: [{ id: 'msg_1', user: 'U024BE7LH', input_tokens: 3, … }] }
 */
export function mapVendorBody<T>(body: unknown, header: string | undefined, shape: VendorShape<T>): MappedEvents {
  if (!Array.isArray(body) && !isRecord(body)) {
    return {
      ok: false,
      details: [{ path: '(body)', message: `must be ${shape.description}, or a JSON list of them` }],
    };
  }
  // Checked before validating, as the native route does, so a huge list cannot buy a huge answer.
  if (Array.isArray(body) && body.length > MAX_BATCH_EVENTS) {
    return {
      ok: false,
      details: [
        { path: '(body)', message: `holds ${body.length} payloads; at most ${MAX_BATCH_EVENTS} fit in one request` },
      ],
    };
  }
  const payloads: unknown[] = Array.isArray(body) ? body : [body];
  const prefixOf = (index: number) => (Array.isArray(body) ? String(index) : '');
  const details: ValidationDetail[] = [];
  const events: NativeEventInput[] = [];
  const nameless: number[] = [];
  let skipped = 0;
  let personFieldPaths: string[] = [];
  payloads.forEach((value, index) => {
    const parsed = shape.schema.safeParse(value);
    if (!parsed.success) {
      details.push(...issueDetails(parsed.error.issues, prefixOf(index)));
      return;
    }
    if (shape.counts && !shape.counts(parsed.data)) {
      skipped += 1;
      return;
    }
    const fields = shape.personFields?.(parsed.data) ?? [];
    const named = fields.map((field) => field.value).find(isPersonRef);
    if (named === undefined) {
      nameless.push(index);
      personFieldPaths = fields.map((field) => field.path);
    }
    events.push({ ...shape.toEvent(parsed.data), user: named ?? header });
  });
  if (nameless.length > 0 && !header) {
    const where = Array.isArray(body) ? `${describeIndexes(nameless)} of the list` : 'the payload';
    details.push(nobodyNamed(personFieldPaths, where));
  } else if (nameless.length > 0 && !isPersonRef(header)) {
    details.push({
      path: PERSON_HEADER_NAME,
      message: `must be a Slack user ID (U… or W…) or an email address, got ${describeValue(header)}`,
    });
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, events, skipped };
}

function describeIndexes(indexes: readonly number[]): string {
  const shown = indexes.slice(0, 5).join(', ');
  const more = indexes.length > 5 ? ` and ${indexes.length - 5} more` : '';
  return `${indexes.length === 1 ? 'element' : 'elements'} ${shown}${more}`;
}
