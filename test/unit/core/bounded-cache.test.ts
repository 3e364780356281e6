import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBoundedCache } from '../../../src/core/bounded-cache.js';

const textCache = (maxEntries: number, maxBytes: number) =>
  createBoundedCache<string>({ maxEntries, maxBytes }, (text) => text.length);

describe('createBoundedCache', () => {
  it('drops the least recently used entry past its entry limit; reading an entry makes it recent', () => {
    const cache = textCache(2, 100);
    cache.set('a', 'x');
    cache.set('b', 'x');
    expect(cache.get('a')).toBe('x');
    cache.set('c', 'x');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('x');
    expect(cache.get('c')).toBe('x');
    expect(cache.size).toBe(2);
  });

  it('drops the least recent entries until what it holds weighs no more than its byte limit', () => {
    const cache = textCache(100, 10);
    cache.set('a', 'xxxx');
    cache.set('b', 'xxxx');
    cache.set('c', 'xxxxxx');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('xxxx');
    expect(cache.bytes).toBe(10);
  });

  it('replacing an entry counts only its new weight, and a value heavier than the limit is not kept', () => {
    const cache = textCache(100, 10);
    cache.set('a', 'xxxxxxxx');
    cache.set('a', 'xx');
    expect(cache.bytes).toBe(2);
    cache.set('b', 'x'.repeat(11));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('xx');
    expect(cache.bytes).toBe(2);
  });

  it('never holds more than its limits, and its weight is always that of what it holds', () => {
    const operation = fc.oneof(
      fc.record({ set: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), text: fc.string({ maxLength: 12 }) }),
      fc.record({ get: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const cache = textCache(3, 20);
        const held = new Map<string, string>();
        for (const step of operations) {
          if ('set' in step) {
            cache.set(step.set, step.text);
            held.set(step.set, step.text);
          } else {
            const value = cache.get(step.get);
            // What it gives back is the last value set under that key, never another's.
            if (value !== undefined) expect(value).toBe(held.get(step.get));
          }
          expect(cache.size).toBeLessThanOrEqual(3);
          expect(cache.bytes).toBeLessThanOrEqual(20);
        }
        const kept = [...held.keys()].flatMap((key) => {
          const value = cache.get(key);
          return value === undefined ? [] : [value];
        });
        expect(kept).toHaveLength(cache.size);
        expect(cache.bytes).toBe(kept.reduce((sum, text) => sum + text.length, 0));
      }),
    );
  });
});
