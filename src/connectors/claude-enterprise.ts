import { z } from 'zod';
import {
  anthropicClient,
  type Connector,
  cursorPaging,
  DAY_MS,
  HOUR_MS,
  type PulledRow,
  pagesByCursor,
  tokenCount,
  utcDate,
} from './connector.js';

const page = z.object({
  data: z.array(
    z.object({
      actor: z.object({ user_id: z.string(), email_address: z.string().nullish() }),
      starting_at: z.iso.datetime({ offset: true }),
      ending_at: z.iso.datetime({ offset: true }),
      model: z.string().nullish(),
      uncached_input_tokens: tokenCount,
      cache_read_input_tokens: tokenCount,
      // a breakdown by cache lifetime; every part is a cache write
      cache_creation: z.record(z.string(), tokenCount),
      output_tokens: tokenCount,
    }),
  ),
  ...cursorPaging,
});

/**
 * Claude Enterprise per-user usage (Analytics API key with read:analytics): hourly buckets per
 * seat user and model, every Claude product (chat, Claude Code, Cowork, ...).
 */
export function claudeEnterpriseConnector(key: string): Connector {
  return {
    name: 'claude-enterprise',
    title: 'Claude Enterprise usage',
    keyVariable: 'CLAUDE_ENTERPRISE_ANALYTICS_KEY',
    // The sibling activity report is revised "by a few percent over the following days".
    trailingMs: 3 * DAY_MS,
    lagMs: DAY_MS,
    bucketMs: HOUR_MS,
    client: anthropicClient(key),
    async fetchWindow(client, window) {
      const day = utcDate(window.start);
      const query = new URLSearchParams({
        beta: 'true',
        starting_at: window.start.toISOString(),
        ending_at: window.end.toISOString(),
        bucket_width: '1h',
        'group_by[]': 'model',
        limit: '1000',
      });
      const path = '/v1/organizations/analytics/user_usage_report';
      const pages = await pagesByCursor(client, 'claude-enterprise', { path, query, label: day }, page);
      const rows: PulledRow[] = pages
        .flatMap((got) => got.data)
        .map((row) => {
          const cacheWrite = Object.values(row.cache_creation).reduce((sum, tokens) => sum + tokens, 0);
          const start = Date.parse(row.starting_at);
          return {
            start,
            end: start + HOUR_MS,
            person: row.actor.email_address?.trim().toLowerCase() || `claude-user:${row.actor.user_id}`,
            model: row.model ?? null,
            inputTokens: row.uncached_input_tokens + row.cache_read_input_tokens + cacheWrite,
            outputTokens: row.output_tokens,
            cacheReadTokens: row.cache_read_input_tokens,
            cacheWriteTokens: cacheWrite,
          };
        });
      return { rows, skipped: 0 };
    },
  };
}
