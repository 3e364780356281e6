import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type VendorName = 'claude-code' | 'claude-enterprise' | 'cursor' | 'openai';

/** One request's usage as the vendor saw it; each fake API reports these in its own documented shape. */
export interface UsageFact {
  vendor: VendorName;
  /** ms since the epoch */
  at: number;
  /** null: an API-key login (Claude Code) or a service account (OpenAI) */
  email: string | null;
  model: string;
  /** uncached prompt tokens */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Cursor: request-priced usage, reported without token counts */
  noTokens?: boolean;
  /** Claude Code: the terminal, one row per (actor, terminal) and day */
  terminal?: string;
}

export interface VendorFault {
  status: number;
  retryAfter?: string;
  /** send this instead of a JSON answer (a truncated page, say) */
  rawBody?: string;
  /** let this many requests through first (to break page 2 of a day, say) */
  after?: number;
}

export interface VendorRequestLog {
  vendor: VendorName;
  at: number;
  authorized: boolean;
}

export const VENDOR_KEYS: Record<VendorName, string> = {
  'claude-code': 'sk-ant-admin01-FAKEADMINKEY-claude-code-secret',
  'claude-enterprise': 'sk-ant-analytics-FAKEKEY-enterprise-secret',
  cursor: 'key_cursor_FAKE_admin_secret_0123456789',
  openai: 'sk-admin-FAKE-openai-secret-abcdef',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const credited = (fact: UsageFact) => (fact.noTokens ? 0 : fact.input + fact.cacheRead + fact.cacheWrite + fact.output);

/** Every person's credited tokens (input with cache, plus output) for a vendor's facts in [from, to). */
export function expectedTotals(facts: UsageFact[], from = 0, to = Number.MAX_SAFE_INTEGER): Map<string, number> {
  const totals = new Map<string, number>();
  for (const fact of facts) {
    if (fact.at < from || fact.at >= to || fact.email === null || fact.noTokens) continue;
    totals.set(fact.email, (totals.get(fact.email) ?? 0) + credited(fact));
  }
  return totals;
}

export interface FakeVendors {
  url: string;
  facts: UsageFact[];
  requests: VendorRequestLog[];
  /** rows (or events, or buckets) per page, whatever the client asks for: forces paging */
  pageSize: number;
  /** every answer waits this long */
  delayMs: number;
  /** OpenAI user ids by email; emails missing here have usage under an id the users list lacks */
  openAiUsers: Map<string, string>;
  add(fact: Omit<UsageFact, 'cacheRead' | 'cacheWrite'> & Partial<UsageFact>): UsageFact;
  /** The next `times` requests to a vendor answer with this fault. */
  fail(vendor: VendorName, fault: VendorFault, times?: number): void;
  /** A page whose answer is rewritten by `edit` (schema changes), for the next `times` requests. */
  rewrite(vendor: VendorName, edit: (body: Record<string, unknown>) => unknown, times?: number): void;
  close(): Promise<void>;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  return (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset: number }).offset;
}

function sumInto<T extends Record<string, unknown>>(
  map: Map<string, T>,
  key: string,
  create: () => T,
  add: (row: T) => void,
) {
  const row = map.get(key) ?? create();
  add(row);
  map.set(key, row);
}

/**
 * Anthropic (Claude Code Analytics, Claude Enterprise user usage), Cursor Admin and OpenAI
 * Organization Usage APIs on loopback, answering from the stored facts in each vendor's
 * documented shape (with fields the bot does not read), paged, with injectable faults.
 */
export async function startFakeVendors(): Promise<FakeVendors> {
  const faults = new Map<VendorName, VendorFault[]>();
  const rewrites = new Map<VendorName, Array<(body: Record<string, unknown>) => unknown>>();
  const fake: Omit<FakeVendors, 'url' | 'close'> = {
    facts: [],
    requests: [],
    pageSize: 1000,
    delayMs: 0,
    openAiUsers: new Map(),
    add(fact) {
      const full: UsageFact = { cacheRead: 0, cacheWrite: 0, ...fact };
      fake.facts.push(full);
      return full;
    },
    fail(vendor, fault, times = 1) {
      faults.set(vendor, [...(faults.get(vendor) ?? []), ...Array<VendorFault>(times).fill(fault)]);
    },
    rewrite(vendor, edit, times = 1) {
      rewrites.set(vendor, [...(rewrites.get(vendor) ?? []), ...Array(times).fill(edit)]);
    },
  };
  const factsOf = (vendor: VendorName, from: number, to: number) =>
    fake.facts.filter((fact) => fact.vendor === vendor && fact.at >= from && fact.at < to);

  function claudeCode(url: URL) {
    const day = Date.parse(`${url.searchParams.get('starting_at')}T00:00:00Z`);
    const rows = new Map<string, Record<string, unknown> & { models: Map<string, Record<string, number>> }>();
    for (const fact of factsOf('claude-code', day, day + DAY)) {
      const actor = fact.email
        ? { type: 'user_actor', email_address: fact.email }
        : { type: 'api_actor', api_key_name: 'ci-pipeline' };
      const terminal = fact.terminal ?? 'vscode';
      sumInto(
        rows,
        `${JSON.stringify(actor)}|${terminal}`,
        () => ({
          date: new Date(day).toISOString().replace('.000Z', 'Z'),
          actor,
          organization_id: 'org-fake',
          customer_type: 'api',
          terminal_type: terminal,
          core_metrics: { num_sessions: 1, lines_of_code: { added: 10, removed: 2 }, commits_by_claude_code: 0 },
          models: new Map(),
        }),
        (row) =>
          sumInto(
            row.models,
            fact.model,
            () => ({ input: 0, output: 0, cache_read: 0, cache_creation: 0 }),
            (tokens) => {
              tokens.input = (tokens.input ?? 0) + fact.input;
              tokens.output = (tokens.output ?? 0) + fact.output;
              tokens.cache_read = (tokens.cache_read ?? 0) + fact.cacheRead;
              tokens.cache_creation = (tokens.cache_creation ?? 0) + fact.cacheWrite;
            },
          ),
      );
    }
    const all = [...rows.values()].map(({ models, ...row }) => ({
      ...row,
      model_breakdown: [...models].map(([model, tokens]) => ({
        model,
        tokens,
        estimated_cost: { amount: 12.5, currency: 'USD' },
      })),
      tool_actions: {},
    }));
    return cursorPage(all, url.searchParams.get('page'), Number(url.searchParams.get('limit') ?? 20));
  }

  function cursorPage(all: unknown[], cursor: string | null, limit: number) {
    const offset = decodeCursor(cursor);
    const size = Math.min(limit, fake.pageSize);
    const data = all.slice(offset, offset + size);
    const hasMore = offset + size < all.length;
    return { data, has_more: hasMore, next_page: hasMore ? encodeCursor(offset + size) : null };
  }

  function cursorEvents(body: Record<string, number>) {
    const events = factsOf('cursor', body.startDate ?? 0, (body.endDate ?? 0) + 1).map((fact) => ({
      timestamp: String(fact.at),
      model: fact.model,
      kind: fact.noTokens ? 'Included in Business' : 'Usage-based',
      maxMode: false,
      requestsCosts: fact.noTokens ? 1 : 0.2,
      isTokenBasedCall: !fact.noTokens,
      ...(fact.noTokens
        ? {}
        : {
            tokenUsage: {
              inputTokens: fact.input,
              outputTokens: fact.output,
              cacheWriteTokens: fact.cacheWrite,
              cacheReadTokens: fact.cacheRead,
              totalCents: 1.5,
            },
          }),
      cursorTokenFee: 0,
      isFreeBugbot: false,
      userEmail: fact.email,
    }));
    const size = Math.min(body.pageSize ?? 10, fake.pageSize);
    const page = body.page ?? 1;
    const numPages = Math.max(1, Math.ceil(events.length / size));
    return {
      totalUsageEventsCount: events.length,
      pagination: {
        numPages,
        currentPage: page,
        pageSize: size,
        hasNextPage: page < numPages,
        hasPreviousPage: page > 1,
      },
      usageEvents: events.slice((page - 1) * size, page * size),
      period: { startDate: body.startDate, endDate: body.endDate },
    };
  }

  function openAiUserId(email: string | null): string | null {
    if (email === null) return null;
    return fake.openAiUsers.get(email) ?? `user-unlisted-${Buffer.from(email).toString('hex').slice(0, 12)}`;
  }

  function openAiUsage(url: URL) {
    const start = Number(url.searchParams.get('start_time')) * 1000;
    const end = Number(url.searchParams.get('end_time')) * 1000;
    const buckets = [];
    for (let hour = start; hour < end; hour += HOUR) {
      const results = new Map<string, Record<string, unknown> & { input_tokens: number }>();
      for (const fact of factsOf('openai', hour, hour + HOUR)) {
        const userId = openAiUserId(fact.email);
        sumInto(
          results,
          `${userId}|${fact.model}`,
          () => ({
            object: 'organization.usage.completions.result',
            input_tokens: 0,
            output_tokens: 0,
            input_cached_tokens: 0,
            input_cache_write_tokens: 0,
            input_uncached_tokens: 0,
            input_audio_tokens: 0,
            output_audio_tokens: 0,
            num_model_requests: 0,
            project_id: null,
            user_id: userId,
            api_key_id: null,
            model: fact.model,
            batch: null,
            service_tier: null,
          }),
          (row) => {
            const add = (field: string, value: number) => {
              row[field] = (row[field] as number) + value;
            };
            add('input_tokens', fact.input + fact.cacheRead + fact.cacheWrite);
            add('input_cached_tokens', fact.cacheRead);
            add('input_cache_write_tokens', fact.cacheWrite);
            add('input_uncached_tokens', fact.input);
            add('output_tokens', fact.output);
            add('num_model_requests', 1);
          },
        );
      }
      buckets.push({
        object: 'bucket',
        start_time: hour / 1000,
        end_time: (hour + HOUR) / 1000,
        results: [...results.values()],
      });
    }
    return {
      object: 'page',
      ...cursorPage(buckets, url.searchParams.get('page'), Number(url.searchParams.get('limit') ?? 7)),
    };
  }

  function openAiUserList(url: URL) {
    const users = [...fake.openAiUsers].map(([email, id]) => ({
      object: 'organization.user',
      id,
      name: email.split('@')[0],
      email,
      role: 'reader',
      added_at: 1_700_000_000,
    }));
    const after = url.searchParams.get('after');
    const from = after ? users.findIndex((user) => user.id === after) + 1 : 0;
    const size = Math.min(Number(url.searchParams.get('limit') ?? 20), fake.pageSize);
    const data = users.slice(from, from + size);
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: from + size < users.length,
    };
  }

  function enterpriseUsage(url: URL) {
    const start = Date.parse(url.searchParams.get('starting_at') ?? '');
    const end = Date.parse(url.searchParams.get('ending_at') ?? '');
    const rows = new Map<string, Record<string, unknown> & { cache_creation: Record<string, number> }>();
    for (const fact of factsOf('claude-enterprise', start, end)) {
      const hour = fact.at - (fact.at % HOUR);
      const email = fact.email ?? '';
      sumInto(
        rows,
        `${hour}|${email}|${fact.model}`,
        () => ({
          actor: {
            type: 'user_actor',
            user_id: `user_${Buffer.from(email).toString('hex').slice(0, 10)}`,
            email_address: email,
            name: email.split('@')[0],
            deleted: false,
          },
          starting_at: new Date(hour).toISOString(),
          ending_at: new Date(hour + HOUR).toISOString(),
          model: fact.model,
          product: 'claude_code',
          uncached_input_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
          output_tokens: 0,
          total_tokens: 0,
          requests: 0,
          server_tool_use: { web_search_requests: 0 },
        }),
        (row) => {
          const add = (field: string, value: number) => {
            row[field] = (row[field] as number) + value;
          };
          add('uncached_input_tokens', fact.input);
          add('cache_read_input_tokens', fact.cacheRead);
          row.cache_creation.ephemeral_5m_input_tokens =
            (row.cache_creation.ephemeral_5m_input_tokens ?? 0) + fact.cacheWrite;
          add('output_tokens', fact.output);
          add('total_tokens', credited(fact));
          add('requests', 1);
        },
      );
    }
    return cursorPage([...rows.values()], url.searchParams.get('page'), Number(url.searchParams.get('limit') ?? 20));
  }

  function route(
    method: string,
    url: URL,
  ): { vendor: VendorName; answer: (body: Record<string, number>) => unknown } | undefined {
    const path = url.pathname;
    if (method === 'GET' && path === '/v1/organizations/usage_report/claude_code')
      return { vendor: 'claude-code', answer: () => claudeCode(url) };
    if (method === 'GET' && path === '/v1/organizations/analytics/user_usage_report')
      return { vendor: 'claude-enterprise', answer: () => enterpriseUsage(url) };
    if (method === 'POST' && path === '/teams/filtered-usage-events') return { vendor: 'cursor', answer: cursorEvents };
    if (method === 'GET' && path === '/v1/organization/usage/completions')
      return { vendor: 'openai', answer: () => openAiUsage(url) };
    if (method === 'GET' && path === '/v1/organization/users')
      return { vendor: 'openai', answer: () => openAiUserList(url) };
    return undefined;
  }

  function presentedKey(vendor: VendorName, request: IncomingMessage): string | undefined {
    if (vendor === 'claude-code' || vendor === 'claude-enterprise') {
      return request.headers['anthropic-version'] === '2023-06-01'
        ? (request.headers['x-api-key'] as string)
        : undefined;
    }
    const auth = request.headers.authorization ?? '';
    if (vendor === 'cursor') {
      if (!auth.startsWith('Basic ')) return undefined;
      const [user, password] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      return password === '' ? user : undefined;
    }
    return auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake');
    const matched = route(request.method ?? 'GET', url);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body);
    };
    if (!matched) return send(404, JSON.stringify({ error: { type: 'not_found_error', message: 'no such path' } }));
    const key = presentedKey(matched.vendor, request);
    const authorized = key === VENDOR_KEYS[matched.vendor];
    fake.requests.push({ vendor: matched.vendor, at: Date.now(), authorized });
    if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    if (!authorized) {
      // Vendors may echo what they were given; the bot must never repeat it.
      return send(401, JSON.stringify({ error: { type: 'authentication_error', message: `invalid key ${key}` } }));
    }
    const queued = faults.get(matched.vendor) ?? [];
    const next = queued[0];
    if (next?.after) queued[0] = { ...next, after: next.after - 1 };
    const fault = next && !next.after ? queued.shift() : undefined;
    if (fault) {
      return send(
        fault.status,
        fault.rawBody ?? JSON.stringify({ error: { message: 'fault' } }),
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, number>) : {};
    const answer = matched.answer(body) as Record<string, unknown>;
    const edit = rewrites.get(matched.vendor)?.shift();
    send(200, JSON.stringify(edit ? edit(answer) : answer));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
