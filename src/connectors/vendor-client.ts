import type { z } from 'zod';
import { type ErrorCode, ThroneError } from '../errors.js';

export interface VendorClientOptions {
  /** connector name, first word of every error */
  connector: string;
  /** the setting that holds the key, named when the vendor refuses it */
  keyVariable: string;
  key: string;
  baseUrl: string;
  /** headers that authenticate a request (the key goes here and nowhere else) */
  authHeaders: Record<string, string>;
  /** the vendor's request budget: at most this many requests per minute (a burst of it is allowed) */
  requestsPerMinute?: number;
  timeoutMs?: number;
  /** first wait after a 5xx or a timeout; doubled on each retry */
  retryBaseMs?: number;
  /** 5xx or timeouts in a row before the run gives up (the next run catches up) */
  maxServerRetries?: number;
  /** 429s in a row before the run gives up */
  maxRateLimitRetries?: number;
  /** the longest Retry-After the run waits for; longer ones end the run */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onWait?: (line: string) => void;
}

export interface VendorRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** what the request is for, in errors: "page 2 of 2026-11-23" */
  what: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * JSON over HTTP to one vendor: waits out 429s (Retry-After), backs off on 5xx and timeouts,
 * keeps to the vendor's request budget, turns 401/403 into one clear line naming the key's
 * setting, and refuses a page that is not JSON or not the documented shape, whole.
 */
export function createVendorClient(options: VendorClientOptions) {
  const {
    connector,
    keyVariable,
    key,
    baseUrl,
    authHeaders,
    requestsPerMinute,
    timeoutMs = 30_000,
    retryBaseMs = 1_000,
    maxServerRetries = 3,
    maxRateLimitRetries = 10,
    maxRetryAfterMs = 5 * 60_000,
    sleep = defaultSleep,
    onWait,
  } = options;
  const sent: number[] = [];

  /** Never let the key reach a message, whatever the vendor echoed. */
  const redact = (text: string) => (key.length > 0 ? text.split(key).join('[redacted]') : text);
  /**
   * Why the run stops, naming the connector and never holding the key: `unauthorized` (the key),
   * `rate_limited`, `bad_input` (the vendor refused the request as asked), or `unavailable`
   * (no usable answer now; the next run retries).
   */
  const fail = (code: ErrorCode, message: string): never => {
    throw new ThroneError(code, redact(`${connector}: ${message}`));
  };

  async function keepToBudget(): Promise<void> {
    if (!requestsPerMinute) return;
    const now = Date.now();
    while (sent.length > 0 && (sent[0] ?? 0) <= now - 60_000) sent.shift();
    if (sent.length >= requestsPerMinute) await sleep((sent[0] ?? now) + 60_000 - now);
    sent.push(Date.now());
  }

  async function send(request: VendorRequest): Promise<Response | 'timeout'> {
    await keepToBudget();
    const url = new URL(request.path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (request.query) url.search = request.query.toString();
    try {
      return await fetch(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          'user-agent': 'token-throne',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...authHeaders,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return 'timeout';
      return fail(
        'unavailable',
        `cannot reach ${new URL(baseUrl).host} for ${request.what} (${(error as Error).message})`,
      );
    }
  }

  return {
    /** One request, retried as the vendor asks; its body parsed and checked against `schema`. */
    async request<T>(request: VendorRequest, schema: z.ZodType<T>): Promise<T> {
      let rateLimited = 0;
      let serverErrors = 0;
      for (;;) {
        const response = await send(request);
        if (response !== 'timeout' && response.status === 429) {
          rateLimited += 1;
          const wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 2 ** rateLimited * retryBaseMs;
          await response.body?.cancel();
          if (rateLimited > maxRateLimitRetries || wait > maxRetryAfterMs) {
            fail(
              'rate_limited',
              `rate limited for ${request.what} (429, retry after ${Math.round(wait / 1000)}s); the next run resumes`,
            );
          }
          onWait?.(`${connector}: rate limited (429) for ${request.what}; waiting ${Math.round(wait / 100) / 10}s`);
          await sleep(wait);
          continue;
        }
        if (response === 'timeout' || response.status >= 500) {
          serverErrors += 1;
          const what = response === 'timeout' ? `no answer within ${timeoutMs / 1000}s` : `HTTP ${response.status}`;
          if (response !== 'timeout') await response.body?.cancel();
          if (serverErrors > maxServerRetries)
            fail('unavailable', `${what} for ${request.what}; the next run catches up`);
          const wait = 2 ** (serverErrors - 1) * retryBaseMs;
          onWait?.(`${connector}: ${what} for ${request.what}; retrying in ${wait / 1000}s`);
          await sleep(wait);
          continue;
        }
        if (response.status === 401 || response.status === 403) {
          await response.body?.cancel();
          fail(
            'unauthorized',
            `the vendor refused ${keyVariable} (${response.status} ${response.status === 401 ? 'Unauthorized' : 'Forbidden'}); ` +
              'check that the key is valid and has the access this connector needs',
          );
        }
        const text = await response.text().catch(() => fail('unavailable', `the answer to ${request.what} broke off`));
        if (!response.ok) fail('bad_input', `HTTP ${response.status} for ${request.what}: ${text.slice(0, 200)}`);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return fail(
            'unavailable',
            `${request.what} is not JSON (truncated or malformed); nothing from it was stored`,
          );
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          return fail(
            'unavailable',
            `${request.what} refused: ${describeIssues(parsed.error)}; nothing from it was stored`,
          );
        }
        return parsed.data;
      }
    },
  };
}

export type VendorClient = ReturnType<typeof createVendorClient>;
