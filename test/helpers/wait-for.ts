/**
 * Polls `predicate` until it returns a truthy value and resolves with it; rejects after `timeoutMs`
 * with `describe()` (what was seen so far) in the message. A predicate that throws (say, indexing a
 * call not made yet) counts as "not yet"; its last error is reported on timeout.
 */
export function waitFor<T>(
  predicate: () => T | undefined | false | null,
  options: { timeoutMs?: number | undefined; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<T>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    const tick = (): void => {
      try {
        const value = predicate();
        if (value) {
          resolve(value);
          return;
        }
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) {
        const cause = lastError === undefined ? '' : `\nlast predicate error: ${String(lastError)}`;
        const seen = options.describe ? `\n${options.describe()}` : '';
        reject(new Error(`waitFor timed out after ${timeoutMs} ms${cause}${seen}`));
        return;
      }
      setTimeout(tick, 10);
    };
    tick();
  });
}
