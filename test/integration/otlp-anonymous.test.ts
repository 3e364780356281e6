import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../src/weeks/week-of.js';
import { claudeCode } from '../helpers/coding-agents.js';
import { exportWith, otlpExporters, telemetrySdk } from '../helpers/otel-exporters.js';
import { runCli } from '../helpers/run-cli.js';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const DEVICE = '9e107d9d372bb6826bd81d3542a419d6e277d4d731479571562b82f74494341f';

describe('telemetry of a person the agent does not name', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  it('is kept under its anonymous id, listed, and counts for the person it is mapped to, past and future', async () => {
    running = await startApp(tempDir());
    const env = { DATABASE_PATH: join(tempDir(), 'throne.db') };
    // Claude Code with an API key: only the device hash, no email.
    const agent = claudeCode({ 'user.id': DEVICE, 'session.id': 's-1', 'terminal.type': 'vscode' });
    const sdk = telemetrySdk(agent.resource);
    const exporters = otlpExporters('http/protobuf', { url: running.url, headers: GATEWAY_AUTH });
    const week = weekOf(new Date(), 'UTC').key;

    const before = agent.record(sdk, { id: 'req_a', input: 900, output: 100, cached: 2000, cacheWrite: 0 }, 0);
    expect(await exportWith(exporters.logs, sdk.takeLogs())).toEqual({ ok: true });
    expect(await exportWith(exporters.metrics, await sdk.collectMetrics())).toEqual({ ok: true });
    expect(running.core.db.prepare('SELECT COUNT(*) FROM weekly_tallies').pluck().get()).toBe(0);

    const listed = await runCli(['anonymous'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`gateway  anon:user.id=${DEVICE}  3K tokens in 1 event(s)`);

    const mapped = await runCli(
      ['anonymous', 'map', '--source', 'gateway', `user.id=${DEVICE}`, 'Dana@Example.com'],
      env,
    );
    expect(mapped).toMatchObject({ code: 0, stderr: '' });
    expect(mapped.stdout).toContain('now counts for dana@example.com: 1 stored event(s) moved');
    expect(running.core.stores.tallies.tallyOf(week, 'dana@example.com')?.tokens).toBe(before);

    const after = agent.record(sdk, { id: 'req_b', input: 400, output: 50, cached: 0, cacheWrite: 0 }, 1);
    expect(await exportWith(exporters.logs, sdk.takeLogs())).toEqual({ ok: true });
    expect(await exportWith(exporters.metrics, await sdk.collectMetrics())).toEqual({ ok: true });
    expect(running.core.stores.tallies.tallyOf(week, 'dana@example.com')?.tokens).toBe(before + after);

    const again = await runCli(
      ['anonymous', 'map', '--source', 'gateway', `user.id=${DEVICE}`, 'erin@example.com'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already mapped to dana@example.com');
    expect((await runCli(['anonymous'], env)).stdout).toContain(`gateway  anon:user.id=${DEVICE} → dana@example.com`);
    await sdk.shutdown();
  });
});
