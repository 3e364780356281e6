import { z } from 'zod';
import { ThroneError } from '../errors.js';
import { type Connector, DAY_MS, HOUR_MS, type PulledRow, tokenCount, utcDate } from './connector.js';

const PAGE_SIZE = 1000;

const page = z.object({
  pagination: z.object({ numPages: z.number().int(), currentPage: z.number().int(), hasNextPage: z.boolean() }),
  usageEvents: z.array(
    z.object({
      timestamp: z.string().regex(/^\d+$/, 'expected epoch milliseconds as a string'),
      userEmail: z.string(),
      model: z.string().nullish(),
      // Request-priced usage has no token counts; with tokenUsage present, input and output must be.
      tokenUsage: z
        .object({
          inputTokens: tokenCount,
          outputTokens: tokenCount,
          cacheReadTokens: tokenCount.optional(),
          cacheWriteTokens: tokenCount.optional(),
        })
        .nullish(),
    }),
  ),
});

/**
 * Cursor Admin API: per-request usage events with the person's email. Events carry no id, so
 * each window's events are summed per hour, person and model and the window is replaced whole.
 */
export function cursorConnector(key: string): Connector {
  return {
    name: 'cursor',
    title: 'Cursor Admin API',
    keyVariable: 'CURSOR_ADMIN_KEY',
    trailingMs: 2 * DAY_MS,
    // 20 requests a minute: a week per request series keeps a backfill within budget
    windowDays: 7,
    // "Data is aggregated at the hourly level"
    lagMs: HOUR_MS,
    bucketMs: HOUR_MS,
    client: {
      authHeaders: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      requestsPerMinute: 20,
    },
    async fetchWindow(client, window) {
      const days = `${utcDate(window.start)}…${utcDate(new Date(window.end.getTime() - 1))}`;
      const sums = new Map<string, PulledRow>();
      let skipped = 0;
      for (let pageNumber = 1; ; pageNumber += 1) {
        const what = `page ${pageNumber} of ${days}`;
        const got = await client.request(
          {
            method: 'POST',
            path: '/teams/filtered-usage-events',
            // endDate one millisecond short of the next window, whether the vendor reads it inclusive or not
            body: {
              startDate: window.start.getTime(),
              endDate: window.end.getTime() - 1,
              page: pageNumber,
              pageSize: PAGE_SIZE,
            },
            what,
          },
          page,
        );
        if (got.pagination.currentPage !== pageNumber) {
          throw new ThroneError(
            'unavailable',
            `cursor: asked for ${what}, got page ${got.pagination.currentPage}; refused`,
          );
        }
        for (const event of got.usageEvents) {
          if (!event.tokenUsage) {
            skipped += 1;
            continue;
          }
          const at = Number(event.timestamp);
          const start = at - (at % HOUR_MS);
          const person = event.userEmail.trim().toLowerCase();
          const model = event.model ?? null;
          const key = `${start}|${person}|${model}`;
          const usage = event.tokenUsage;
          const row = sums.get(key) ?? {
            start,
            end: start + HOUR_MS,
            person,
            model,
            inputTokens: 0,
            outputTokens: 0,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
          };
          const cacheRead = usage.cacheReadTokens ?? 0;
          const cacheWrite = usage.cacheWriteTokens ?? 0;
          row.inputTokens += usage.inputTokens + cacheRead + cacheWrite;
          row.outputTokens += usage.outputTokens;
          row.cacheReadTokens = (row.cacheReadTokens ?? 0) + cacheRead;
          row.cacheWriteTokens = (row.cacheWriteTokens ?? 0) + cacheWrite;
          sums.set(key, row);
        }
        if (!got.pagination.hasNextPage) return { rows: [...sums.values()], skipped };
      }
    },
  };
}
