import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainUsageEvent, usageEventSchema } from '../../../src/ingest/usage-event-schema.js';
import { type Event, usageArbitraries, withRaw } from '../../fixtures/usage-arbitraries.js';

const { validEvent, breakage, anyChange } = usageArbitraries(new Date('2026-11-25T12:00:00Z'));

/** The recogniser may only take what the schema takes, and must give what the schema gives. */
function expectSameAsSchema(value: unknown): void {
  const plain = plainUsageEvent(value);
  if (plain === undefined) return;
  const parsed = usageEventSchema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(plain).toEqual(parsed.data);
}

describe('plainUsageEvent', () => {
  it('takes a valid event from a Slack user ID as the schema does', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const plain = plainUsageEvent(event);
        if (/^[UW]/.test(String(event.user))) expect(plain).toBeDefined();
        expectSameAsSchema(event);
      }),
      { numRuns: 500 },
    );
  });

  // Some breakages (a timestamp in the future) are refused after the schema, by parseUsageEvents.
  it('leaves every broken event the schema refuses to it, so its refusal names the problem', () => {
    fc.assert(
      fc.property(validEvent, breakage, (event, broken) => {
        const { event: bad, raw } = broken.apply(event);
        expectSameAsSchema(raw === undefined ? bad : JSON.parse(withRaw(bad, raw)));
      }),
      { numRuns: 500 },
    );
  });

  it('never takes an event the schema refuses, nor reads one differently, whatever is changed', () => {
    fc.assert(
      fc.property(validEvent, fc.array(anyChange, { minLength: 1, maxLength: 3 }), (event, changes) => {
        expectSameAsSchema(changes.reduce((changed: Event, change) => change(changed), event));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves an email, upper or lower case, to the schema, which lower-cases it', () => {
    const event = { id: 'e1', user: 'Bob@Example.COM', input_tokens: 1, output_tokens: 2 };
    expect(plainUsageEvent(event)).toBeUndefined();
    expect(usageEventSchema.parse(event).user).toBe('bob@example.com');
  });

  it('reads the same timestamps as the schema, at the edges of the pattern', () => {
    for (const timestamp of [
      '2026-11-24T14:05:00Z',
      '2026-11-24T14:05:00.123+05:30',
      '2026-11-24T14:05Z',
      '2026-11-24T14:05:00',
      '2026-02-29T00:00:00Z',
      '2028-02-29T00:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T14:05:00+24:00',
      '2026-11-24 14:05:00Z',
      '2026-11-24T14:05:00z',
    ]) {
      const event = { id: 'e1', user: 'U0FUZZ001', input_tokens: 1, output_tokens: 2, timestamp };
      expect(plainUsageEvent(event) !== undefined, timestamp).toBe(usageEventSchema.safeParse(event).success);
    }
  });
});
