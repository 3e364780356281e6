const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * What is wrong with a source name (in INGEST_KEYS, or `ingest --source`), or undefined if
 * it is good: sources are named in logs, rate limits and stored events.
 * @example sourceNameProblem('my gateway') //=> 'may use letters, digits, "_", "." and "-" (at most 64)'
 */
export function sourceNameProblem(name: string): string | undefined {
  return SOURCE_NAME.test(name) ? undefined : 'may use letters, digits, "_", "." and "-" (at most 64)';
}
