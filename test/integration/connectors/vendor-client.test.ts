import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVendorClient } from '../../../src/connectors/vendor-client.js';
import { type FakeVendors, startFakeVendors, VENDOR_KEYS } from '../../helpers/fake-vendors.js';

const anyPage = z.object({ data: z.array(z.unknown()) });
const request = {
  method: 'GET' as const,
  path: '/v1/organizations/usage_report/claude_code',
  query: new URLSearchParams({ starting_at: '2026-11-20' }),
  what: 'page 1 of 2026-11-20',
};

describe('the vendor client', () => {
  let fake: FakeVendors;
  const waits: string[] = [];
  beforeEach(async () => {
    fake = await startFakeVendors();
    waits.length = 0;
  });
  afterEach(() => fake.close());

  const options = () => ({
    connector: 'claude-code',
    keyVariable: 'ANTHROPIC_ADMIN_KEY',
    key: VENDOR_KEYS['claude-code'],
    baseUrl: fake.url,
    authHeaders: { 'x-api-key': VENDOR_KEYS['claude-code'], 'anthropic-version': '2023-06-01' },
    retryBaseMs: 10,
    onWait: (line: string) => waits.push(line),
  });
  const client = (extra: { timeoutMs?: number } = {}) => createVendorClient({ ...options(), ...extra });

  it('retries a vendor that does not answer in time, then gives up until the next run', async () => {
    fake.delayMs = 300;
    await expect(client({ timeoutMs: 50 }).request(request, anyPage)).rejects.toThrow(
      'claude-code: no answer within 0.05s for page 1 of 2026-11-20; the next run catches up',
    );
    expect(waits).toHaveLength(3);
  });

  it('reads Retry-After given as an HTTP date (whole seconds)', async () => {
    fake.fail('claude-code', { status: 429, retryAfter: new Date(Date.now() + 3_000).toUTCString() });
    await expect(client().request(request, anyPage)).resolves.toEqual({ data: [] });
    expect(waits[0]).toMatch(/rate limited \(429\) for page 1 of 2026-11-20; waiting ([12](\.\d)?|3)s/);
  });

  it('stops the run when the vendor asks for a longer wait than it may take', async () => {
    fake.fail('claude-code', { status: 429, retryAfter: '3600' });
    await expect(client().request(request, anyPage)).rejects.toThrow(
      'claude-code: rate limited for page 1 of 2026-11-20 (429, retry after 3600s); the next run resumes',
    );
  });

  it('keeps to the request budget: the request over it waits for the minute to roll', async () => {
    const slept: number[] = [];
    const paced = createVendorClient({
      ...options(),
      requestsPerMinute: 2,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await paced.request(request, anyPage);
    await paced.request(request, anyPage);
    expect(slept).toEqual([]);
    await paced.request(request, anyPage);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(55_000);
    expect(slept[0]).toBeLessThanOrEqual(60_000);
  });
});
