import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core/create-core.js';
import { createLogger } from '../../src/logger.js';
import { createServer } from '../../src/server/create-server.js';

export interface RunningApp {
  /** the running bot's core: its database, stores and use cases */
  core: Core;
  url: string;
  /** the OTLP/gRPC address, when OTLP_GRPC_PORT is in `env` */
  grpcUrl: string | undefined;
  logs: string[];
  stop: () => Promise<void>;
}

/**
 * Starts the real app on a free loopback port with a real SQLite file in `dir`.
 * `env` adds to a minimal local-mode environment with two ingestion sources.
 */
export async function startApp(
  dir: string,
  env: Record<string, string> = {},
  clock?: Clock,
  requestTimeoutMs?: number,
): Promise<RunningApp> {
  const config = parseConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'throne.db'),
    INGEST_KEYS: 'gateway:gateway-secret,ide:ide-secret',
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger(LogLevel.DEBUG, (_level, line) => logs.push(line));
  const core = createCore(config, { logger, ...(clock ? { clock } : {}) });
  const server = createServer(core, requestTimeoutMs ? { requestTimeoutMs } : {});
  const port = await server.start();
  const grpcPort = server.grpcPort();
  const stop = async () => {
    await server.stop();
    core.close();
  };
  return {
    core,
    url: `http://127.0.0.1:${port}`,
    grpcUrl: grpcPort === undefined ? undefined : `http://127.0.0.1:${grpcPort}`,
    logs,
    stop,
  };
}

export const GATEWAY_AUTH = { authorization: 'Bearer gateway-secret' };
export const IDE_AUTH = { authorization: 'Bearer ide-secret' };

/** POSTs JSON to /api/usage and returns the status and parsed answer. */
export async function postUsage(
  url: string,
  body: unknown,
  headers: Record<string, string> = GATEWAY_AUTH,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
