import cron from 'node-cron';

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const SEARCH_MINUTES = 8 * 24 * 60;

function numbers(values: Array<number | string>): Set<number> | undefined {
  return values.every((value) => typeof value === 'number') ? new Set(values as number[]) : undefined;
}

/**
 * The first time at or after `instant` when a cron expression fires in a zone, searched
 * minute by minute over the next eight days. Undefined when it does not fire in that span, or
 * uses day specials (`L`, `1#2`) this search does not follow.
 * @example firstFireAfter('0 9 * * 1', 'UTC', new Date('2026-11-30T00:00:00Z')) //=> 2026-11-30T09:00:00.000Z
 */
export function firstFireAfter(expression: string, zone: string, instant: Date): Date | undefined {
  const fields = cron.parse(expression);
  const days = numbers(fields.dayOfMonth);
  const weekdays = numbers(fields.dayOfWeek);
  if (!days || !weekdays) return undefined;
  const minutes = new Set(fields.minute);
  const hours = new Set(fields.hour);
  const months = new Set(fields.month);
  const second = Math.min(...fields.second);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  });
  const start = Math.ceil((instant.getTime() - second * 1000) / 60_000) * 60_000;
  for (let step = 0; step < SEARCH_MINUTES; step += 1) {
    const at = start + step * 60_000;
    const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
    if (
      minutes.has(Number(parts.minute)) &&
      hours.has(Number(parts.hour)) &&
      days.has(Number(parts.day)) &&
      months.has(Number(parts.month)) &&
      weekdays.has(WEEKDAYS[parts.weekday ?? ''] ?? -1)
    ) {
      return new Date(at + second * 1000);
    }
  }
  return undefined;
}
