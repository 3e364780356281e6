import type { z } from 'zod';

/** One refusal: where in the input, and what was wrong there. */
export interface ValidationDetail {
  path: string;
  message: string;
}

/**
 * A detail path: where a value came from, then the keys inside it; `whole` when both are empty.
 * @example joinPath('events.3', ['timestamp']) //=> "events.3.timestamp"
 */
export function joinPath(prefix: string, keys: readonly PropertyKey[], whole = '(body)'): string {
  return [prefix, ...keys.map(String)].filter((part) => part !== '').join('.') || whole;
}

/** zod's issues as refusal details, every path starting with `prefix`. */
export function issueDetails(issues: readonly z.core.$ZodIssue[], prefix = '', whole = '(body)'): ValidationDetail[] {
  return issues.map((issue) => ({ path: joinPath(prefix, issue.path, whole), message: issue.message }));
}
