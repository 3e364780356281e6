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

// Only the fields the bot reads; anything else the vendor adds is ignored.
const page = z.object({
  data: z.array(
    z.object({
      date: z.string(),
      actor: z.discriminatedUnion('type', [
        z.object({ type: z.literal('user_actor'), email_address: z.string() }),
        z.object({ type: z.literal('api_actor'), api_key_name: z.string() }),
      ]),
      model_breakdown: z.array(
        z.object({
          model: z.string(),
          tokens: z.object({
            input: tokenCount,
            output: tokenCount,
            cache_read: tokenCount,
            cache_creation: tokenCount,
          }),
        }),
      ),
    }),
  ),
  ...cursorPaging,
});

/**
 * Anthropic Claude Code Analytics (Console organisations, Admin API key): one row per person per
 * UTC day, tokens per model. `input` is taken as uncached input, so the credit adds both cache fields.
 */
export function claudeCodeConnector(key: string): Connector {
  return {
    name: 'claude-code',
    title: 'Anthropic Claude Code Analytics',
    keyVariable: 'ANTHROPIC_ADMIN_KEY',
    trailingMs: 3 * DAY_MS,
    lagMs: HOUR_MS,
    bucketMs: DAY_MS,
    client: anthropicClient(key),
    async fetchWindow(client, window) {
      const day = utcDate(window.start);
      const query = new URLSearchParams({ starting_at: day, limit: '1000' });
      const path = '/v1/organizations/usage_report/claude_code';
      const pages = await pagesByCursor(client, 'claude-code', { path, query, label: day }, page);
      const rows: PulledRow[] = [];
      for (const record of pages.flatMap((got) => got.data)) {
        const person =
          record.actor.type === 'user_actor'
            ? record.actor.email_address.trim().toLowerCase()
            : `api-key:${record.actor.api_key_name}`;
        for (const { model, tokens } of record.model_breakdown) {
          rows.push({
            start: window.start.getTime(),
            end: window.start.getTime() + DAY_MS,
            person,
            model,
            inputTokens: tokens.input + tokens.cache_read + tokens.cache_creation,
            outputTokens: tokens.output,
            cacheReadTokens: tokens.cache_read,
            cacheWriteTokens: tokens.cache_creation,
          });
        }
      }
      return { rows, skipped: 0 };
    },
  };
}
