import { describe, expect, it } from 'vitest';
import { increaseSince } from '../../../src/ingest/counter-increase.js';

const reading = (timeNs: string, value: number, startNs = '1000') => ({ series: 's', startNs, timeNs, value });
const state = { startNs: '1000', lastNs: '60000000000', lastValue: 100 };

describe('increaseSince', () => {
  it('counts a first reading in full', () => {
    expect(increaseSince(undefined, reading('60000000000', 250))).toBe(250);
  });

  it('takes a first reading of a series started before the retention cutoff as its baseline', () => {
    // Its state may have been purged after its total so far was counted.
    expect(increaseSince(undefined, reading('60000000000', 250, '1000'), 5000n)).toBe(0);
    expect(increaseSince(undefined, reading('60000000000', 250, '6000'), 5000n)).toBe(250);
    expect(increaseSince(state, reading('120000000000', 130), 5000n)).toBe(30);
  });

  it('counts the increase over the last reading of the series', () => {
    expect(increaseSince(state, reading('120000000000', 130))).toBe(30);
  });

  it('counts an unchanged value as nothing new', () => {
    expect(increaseSince(state, reading('120000000000', 100))).toBe(0);
  });

  it('counts a reading with a new start time in full: the exporter restarted', () => {
    expect(increaseSince(state, reading('120000000000', 40, '90000000000'))).toBe(40);
  });

  it('counts a value below the last one in full: the counter was reset without a new start time', () => {
    expect(increaseSince(state, reading('120000000000', 7))).toBe(7);
  });

  it('adds nothing for a retried reading or one older than the last', () => {
    expect(increaseSince(state, reading('60000000000', 100))).toBeUndefined();
    expect(increaseSince(state, reading('59999999999', 90))).toBeUndefined();
  });

  it('compares nanosecond times beyond 2^53 exactly', () => {
    const late = { startNs: '1000', lastNs: '1795510800000000000', lastValue: 10 };
    expect(increaseSince(late, reading('1795510800000000001', 12))).toBe(2);
    expect(increaseSince(late, reading('1795510800000000000', 12))).toBeUndefined();
  });
});
