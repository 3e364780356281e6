/**
 * A least-recently-used cache held to two limits: how many entries, and how many bytes they
 * weigh together (`sizeOf` of each value). Reading an entry makes it the most recent; adding one
 * drops the least recent until both limits hold. A value heavier than `maxBytes` alone is not kept.
 * @example
 * const cache = createBoundedCache<Buffer>({ maxEntries: 2, maxBytes: 10 }, (body) => body.length);
 * cache.set('a', Buffer.alloc(6));
 * cache.set('b', Buffer.alloc(6));
 * cache.get('a') //=> undefined: together they weighed 12 bytes, so the older one went
 */
export function createBoundedCache<V>(limits: { maxEntries: number; maxBytes: number }, sizeOf: (value: V) => number) {
  const entries = new Map<string, V>();
  let bytes = 0;

  function remove(key: string): void {
    const value = entries.get(key);
    if (value === undefined) return;
    bytes -= sizeOf(value);
    entries.delete(key);
  }

  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      remove(key);
      const size = sizeOf(value);
      if (size > limits.maxBytes) return;
      entries.set(key, value);
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= limits.maxEntries && bytes <= limits.maxBytes) break;
        remove(oldest);
      }
    },
    get size(): number {
      return entries.size;
    },
    get bytes(): number {
      return bytes;
    },
  };
}
