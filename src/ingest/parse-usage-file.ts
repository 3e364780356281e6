import type { ValidationDetail } from '../validation.js';
import { parseUsageEvents } from './parse-usage-body.js';
import type { TimestampWindow } from './timestamp-window.js';
import type { ParseResult } from './usage-event.js';

/**
 * Validates a JSON Lines file of usage events (one event per line, blank lines ignored) with
 * the webhook's rules, naming each bad line by number. All or nothing, like a batch.
 */
export function parseUsageFile(text: string, window: TimestampWindow): ParseResult {
  const values: unknown[] = [];
  const lineNumbers: number[] = [];
  const jsonErrors: ValidationDetail[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
      lineNumbers.push(index + 1);
    } catch (error) {
      jsonErrors.push({ path: `line ${index + 1}`, message: `is not valid JSON (${(error as Error).message})` });
    }
  });
  if (values.length === 0 && jsonErrors.length === 0) {
    return { ok: false, details: [{ path: '(file)', message: 'holds no events' }] };
  }
  const parsed = parseUsageEvents(values, window, (index) => `line ${lineNumbers[index]}`);
  if (jsonErrors.length === 0) return parsed;
  const details = [...jsonErrors, ...(parsed.ok ? [] : parsed.details)];
  return { ok: false, details };
}
