import { z } from 'zod';
import { ThroneError } from '../errors.js';
import type { VendorClient, VendorClientOptions } from './vendor-client.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** One vendor bucket for one person and model: a snapshot of a total, replaced on every re-poll. */
export interface PulledRow {
  /** the bucket, ms since the epoch (UTC): a day for daily sources, an hour for hourly ones */
  start: number;
  end: number;
  /** a lower-cased email; or, for usage the vendor cannot tie to a person, a reference without "@" */
  person: string;
  model: string | null;
  /** every prompt token, cached ones included (the credit rule of POST /api/usage) */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
}

export interface PulledWindow {
  rows: PulledRow[];
  /** rows the vendor sent without token counts (request-priced usage) */
  skipped: number;
}

/** A time range the vendor is asked about: whole UTC days, replaced as one. */
export interface SyncWindow {
  start: Date;
  end: Date;
}

/** A pull connector: how to reach the vendor and how to read one window of its usage. */
export interface Connector {
  /** CLI and source name: usage is stored as source "pull:<name>" */
  name: string;
  /** the product, as operators know it */
  title: string;
  keyVariable: string;
  /** how far back every run re-reads, for buckets the vendor still fills or revises */
  trailingMs: number;
  /** how long after a bucket ends the vendor has it complete */
  lagMs: number;
  /** how long one of the vendor's buckets is (an hour, or a UTC day): where the kept ones start */
  bucketMs: number;
  /** UTC days asked for at once (default 1): more days, fewer requests for vendors with a tight budget */
  windowDays?: number;
  /** how the client authenticates and paces requests */
  client: Omit<VendorClientOptions, 'connector' | 'keyVariable' | 'key' | 'baseUrl'>;
  /** Every page of one window, or an error: never part of it. */
  fetchWindow(client: VendorClient, window: SyncWindow): Promise<PulledWindow>;
}

export const utcDate = (instant: Date) => instant.toISOString().slice(0, 10);

/** The cursor of the next page: undefined when there is none; a page that says "more" without one is refused. */
export function nextCursor(connector: string, what: string, hasMore: boolean, cursor: string | null | undefined) {
  if (!hasMore) return undefined;
  if (!cursor)
    throw new ThroneError('unavailable', `${connector}: ${what} says there is more but gives no next page; refused`);
  return cursor;
}

/** Follows a vendor's page cursor until it says there is no more; a cursor loop is refused. */
export async function allPages<Page>(
  connector: string,
  fetchPage: (cursor: string | undefined, pageNumber: number) => Promise<Page>,
  cursorAfter: (page: Page) => string | undefined,
  what: string,
): Promise<Page[]> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  for (let cursor: string | undefined, number = 1; ; number += 1) {
    const page = await fetchPage(cursor, number);
    pages.push(page);
    cursor = cursorAfter(page);
    if (cursor === undefined) return pages;
    if (seen.has(cursor))
      throw new ThroneError('unavailable', `${connector}: the vendor repeated a page cursor for ${what}; refused`);
    seen.add(cursor);
  }
}

/**
 * Every page of a GET that pages the Anthropic and OpenAI way: `page` set to the previous
 * answer's `next_page` while it says `has_more`.
 */
export function pagesByCursor<Page extends { has_more: boolean; next_page?: string | null | undefined }>(
  client: VendorClient,
  connector: string,
  request: { path: string; query: URLSearchParams; label: string },
  schema: z.ZodType<Page>,
): Promise<Page[]> {
  const { path, query, label } = request;
  return allPages(
    connector,
    (cursor, number) => {
      const pageQuery = new URLSearchParams(query);
      if (cursor) pageQuery.set('page', cursor);
      return client.request({ method: 'GET', path, query: pageQuery, what: `page ${number} of ${label}` }, schema);
    },
    (got) => nextCursor(connector, label, got.has_more, got.next_page),
    label,
  );
}

/** A token count as vendors send it. */
export const tokenCount = z.number().int().nonnegative();

/** The paging fields of Anthropic and OpenAI list answers, read by pagesByCursor. */
export const cursorPaging = { has_more: z.boolean(), next_page: z.string().nullish() };

/** How the Anthropic admin and analytics APIs take a key. */
export const anthropicClient = (key: string) => ({
  authHeaders: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
});
