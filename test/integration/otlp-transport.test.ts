import { Agent, type AgentOptions, request } from 'node:http';
import type { Duplex } from 'node:stream';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { afterEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../src/weeks/week-of.js';
import { claudeCode } from '../helpers/coding-agents.js';
import { exportWith, otlpExporters, telemetrySdk } from '../helpers/otel-exporters.js';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** One keep-alive connection at a time, counting the connections it had to open. */
class CountingAgent extends Agent {
  opened = 0;
  constructor(options: AgentOptions = {}) {
    super({ keepAlive: true, maxSockets: 1, ...options });
  }
  override createConnection(...args: Parameters<Agent['createConnection']>): Duplex {
    this.opened += 1;
    return super.createConnection(...args) as Duplex;
  }
}

const REQUEST = { id: 'req_1', input: 1000, output: 200, cached: 300, cacheWrite: 0 };

describe('a refused export never breaks the connection the next export uses', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  let agent: CountingAgent;
  afterEach(async () => {
    agent?.destroy();
    await running?.stop();
  });

  async function goodMetricsExport(via: Agent) {
    const sdk = telemetrySdk(claudeCode().resource);
    const expected = claudeCode().record(sdk, REQUEST, 0);
    const { metrics } = otlpExporters('http/json', { url: running.url, headers: GATEWAY_AUTH, agent: via });
    const outcome = await exportWith(metrics, await sdk.collectMetrics());
    await sdk.shutdown();
    return { outcome, expected };
  }

  const tally = () => running.core.stores.tallies.tallyOf(weekOf(new Date(), 'UTC').key, 'alice@example.com')?.tokens;

  it('keeps the connection when the refused body was read whole (400)', async () => {
    running = await startApp(tempDir());
    agent = new CountingAgent();
    const sdk = telemetrySdk(claudeCode().resource);
    sdk.logger.emit({
      body: 'claude_code.api_request',
      attributes: { 'event.name': 'api_request', 'user.email': 'alice@example.com', input_tokens: 'lots' },
    });
    const { logs } = otlpExporters('http/json', { url: running.url, headers: GATEWAY_AUTH, agent });
    const refused = await exportWith(logs, sdk.takeLogs());
    expect(refused.error?.code).toBe(400);
    const { outcome, expected } = await goodMetricsExport(agent);
    expect(outcome).toEqual({ ok: true });
    expect(tally()).toBe(expected);
    expect(agent.opened).toBe(1);
  });

  it.each([
    ['an unknown path (404)', 404, (url: string) => `${url}/v1/unknown`, GATEWAY_AUTH, {}],
    ['a wrong key (401)', 401, (url: string) => `${url}/v1/logs`, { authorization: 'Bearer wrong' }, {}],
    [
      'a body over OTLP_MAX_BODY_BYTES (413)',
      413,
      (url: string) => `${url}/v1/logs`,
      GATEWAY_AUTH,
      { OTLP_MAX_BODY_BYTES: '4096' },
    ],
  ])('says Connection: close before closing after %s', async (_name, status, urlOf, headers, env) => {
    running = await startApp(tempDir(), env);
    agent = new CountingAgent();
    const sdk = telemetrySdk(claudeCode().resource);
    // A log batch of about 20 kB: more than the refusal reads before answering.
    for (let sequence = 0; sequence < 40; sequence += 1)
      claudeCode().record(sdk, { ...REQUEST, id: `req_${sequence}` }, sequence);
    const records = sdk.takeLogs();
    const exporter = new OTLPLogExporter({ url: urlOf(running.url), headers, httpAgentOptions: () => agent });
    const refused = await exportWith(exporter, records);
    expect(refused.error?.code).toBe(status);

    const { outcome, expected } = await goodMetricsExport(agent);
    expect(outcome).toEqual({ ok: true });
    expect(tally()).toBe(expected);
    // The refused request's connection was closed, announced: the good export went on a new one.
    expect(agent.opened).toBe(2);

    const answer = await new Promise<{ status: number | undefined; connection: string | undefined }>(
      (resolve, reject) => {
        const req = request(
          urlOf(running.url),
          { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode, connection: res.headers.connection });
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ resourceLogs: [] }).padEnd(64 * 1024, ' '));
      },
    );
    expect(answer).toEqual({ status, connection: 'close' });
  });
});
