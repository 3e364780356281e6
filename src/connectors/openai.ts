import { z } from 'zod';
import {
  allPages,
  type Connector,
  cursorPaging,
  DAY_MS,
  HOUR_MS,
  nextCursor,
  type PulledRow,
  pagesByCursor,
  tokenCount,
  utcDate,
} from './connector.js';
import type { VendorClient } from './vendor-client.js';

const usagePage = z.object({
  data: z.array(
    z.object({
      start_time: z.number().int(),
      end_time: z.number().int(),
      results: z.array(
        z.object({
          user_id: z.string().nullish(),
          model: z.string().nullish(),
          // "including cached and cache-write tokens"
          input_tokens: tokenCount,
          output_tokens: tokenCount,
          input_cached_tokens: tokenCount.nullish(),
          input_cache_write_tokens: tokenCount.nullish(),
        }),
      ),
    }),
  ),
  ...cursorPaging,
});

const usersPage = z.object({
  data: z.array(z.object({ id: z.string(), email: z.string() })),
  has_more: z.boolean(),
  last_id: z.string().nullish(),
});

/**
 * OpenAI Organization Usage (Admin key): hourly completions buckets grouped by user and model;
 * user ids become emails through the organisation's user list.
 */
export function openAiConnector(key: string): Connector {
  let emails = new Map<string, string>();

  async function loadDirectory(client: VendorClient): Promise<void> {
    const pages = await allPages(
      'openai',
      (after, number) => {
        const query = new URLSearchParams({ limit: '100' });
        if (after) query.set('after', after);
        return client.request(
          { method: 'GET', path: '/v1/organization/users', query, what: `users page ${number}` },
          usersPage,
        );
      },
      (got) => nextCursor('openai', 'the users list', got.has_more, got.last_id),
      'users',
    );
    emails = new Map(pages.flatMap((got) => got.data).map((user) => [user.id, user.email.trim().toLowerCase()]));
  }

  return {
    name: 'openai',
    title: 'OpenAI Organization Usage',
    keyVariable: 'OPENAI_ADMIN_KEY',
    trailingMs: 2 * DAY_MS,
    lagMs: HOUR_MS,
    bucketMs: HOUR_MS,
    client: { authHeaders: { authorization: `Bearer ${key}` } },
    async fetchWindow(client, window) {
      const day = utcDate(window.start);
      const query = new URLSearchParams({
        start_time: String(window.start.getTime() / 1000),
        end_time: String(window.end.getTime() / 1000),
        bucket_width: '1h',
        limit: '24',
      });
      query.append('group_by', 'user_id');
      query.append('group_by', 'model');
      const path = '/v1/organization/usage/completions';
      const pages = await pagesByCursor(client, 'openai', { path, query, label: day }, usagePage);
      const buckets = pages.flatMap((got) => got.data);
      const userIds = buckets.flatMap((bucket) => bucket.results.map((result) => result.user_id));
      // A person added since the list was read: read it again, once per window.
      if (userIds.some((id) => id && !emails.has(id))) await loadDirectory(client);
      const rows: PulledRow[] = buckets.flatMap((bucket) =>
        bucket.results.map((result) => ({
          start: bucket.start_time * 1000,
          end: bucket.end_time * 1000,
          person: result.user_id ? (emails.get(result.user_id) ?? `openai-user:${result.user_id}`) : 'openai-user:none',
          model: result.model ?? null,
          inputTokens: result.input_tokens,
          outputTokens: result.output_tokens,
          cacheReadTokens: result.input_cached_tokens ?? null,
          cacheWriteTokens: result.input_cache_write_tokens ?? null,
        })),
      );
      return { rows, skipped: 0 };
    },
  };
}
