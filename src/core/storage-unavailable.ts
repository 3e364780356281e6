import { ThroneError } from '../errors.js';

const UNAVAILABLE_CODES = /^SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR|CANTOPEN)/;

/**
 * A database that cannot take writes right now (disk full, read-only file, locked) is a refusal
 * of kind `unavailable` (HTTP 503) the sender should retry, not a fault: the transaction rolled
 * back, so nothing was stored.
 */
export function asStorageUnavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNAVAILABLE_CODES.test(code)) return error;
  return new ThroneError(
    'unavailable',
    `The database cannot store events right now (${code}); nothing was stored, retry later.`,
    30,
  );
}
