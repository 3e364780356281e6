import { describe, expect, it } from 'vitest';
import { parseCorrectionArgs } from '../../../src/fair-play/correction-args.js';

describe('parseCorrectionArgs', () => {
  it('selects one event by source and id', () => {
    expect(parseCorrectionArgs(['--source', 'ide', '--id', 'req-7', '--reason', 'a loop'], 'UTC')).toEqual({
      selection: { kind: 'event', source: 'ide', eventId: 'req-7' },
      reason: 'a loop',
    });
  });

  it('selects a source in a time range, as instants', () => {
    const args = ['--source', 'ide', '--from', '2026-11-23T00:00Z', '--to', '2026-11-24T01:00+01:00'];
    expect(parseCorrectionArgs(args, 'UTC').selection).toEqual({
      kind: 'source',
      source: 'ide',
      from: Date.parse('2026-11-23T00:00Z'),
      to: Date.parse('2026-11-24T00:00Z'),
    });
  });

  it("selects a person's week, the week key normalised", () => {
    expect(parseCorrectionArgs(['--user', 'U0ALICE01', '--week', '2026-w47'], 'UTC')).toEqual({
      selection: { kind: 'person-week', userId: 'U0ALICE01', week: '2026-W47' },
      reason: undefined,
    });
  });

  it.each([
    [[], /Say which usage/],
    [['--source', 'ide'], /needs --id, or both --from and --to/],
    [['--source', 'ide', '--id', 'x', '--from', '2026-11-23T00:00Z'], /--id selects one event/],
    [
      ['--source', 'ide', '--from', '2026-11-23', '--to', '2026-11-24T00:00Z'],
      /--from must be an ISO 8601 time with a zone/,
    ],
    [['--source', 'ide', '--from', '2026-11-24T00:00Z', '--to', '2026-11-23T00:00Z'], /must be after --from/],
    [['--user', 'alice', '--week', '2026-W47'], /--user must be a Slack user ID/],
    [['--user', 'U0ALICE01'], /needs both --user and --week/],
    [['--user', 'U0ALICE01', '--week', '2026-W99'], /--week must be an ISO week/],
    [['--user', 'U0ALICE01', '--week', '2026-W47', '--source', 'ide'], /leave out --source/],
  ])('refuses %j with a clear message', (args, message) => {
    expect(() => parseCorrectionArgs(args, 'UTC')).toThrow(message);
  });
});
