import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/token-throne.js', import.meta.url));
const PRINT_PACKAGES = fileURLToPath(new URL('../helpers/print-loaded-packages.cjs', import.meta.url));

/** Packages a feature needs, which a bot that does not use the feature never loads. */
const LOADED_ON_USE = ['@grpc/grpc-js', '@napi-rs/canvas', '@pydantic/genai-prices', 'otlp-protobuf-generated'];

describe('modules a feature needs are loaded when it is used, not at start', () => {
  const tempDir = useTempDir();

  /** Starts `token-throne serve` and, once it is up, lists the packages it has loaded; then stops it. */
  async function packagesLoadedAtStart(env: Record<string, string>): Promise<string[]> {
    const child = spawn(process.execPath, ['--require', PRINT_PACKAGES, BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_PATH: join(tempDir(), 'throne.db'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(child, 'exit');
    try {
      await waitFor(() => output.includes('Token Throne is up'), { timeoutMs: 15_000, describe: () => output });
      child.kill('SIGUSR2');
      const line = await waitFor(() => /^loaded packages: (.*)$/m.exec(output)?.[1], { describe: () => output });
      return line.split(' ');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }

  it('a bot with no gRPC port, no card drawn, no cost shown and no protobuf export loads none of their packages', async () => {
    const loaded = await packagesLoadedAtStart({});
    expect(loaded).toContain('better-sqlite3');
    expect(loaded.filter((name) => LOADED_ON_USE.includes(name))).toEqual([]);
  }, 30_000);

  it('OTLP_GRPC_PORT loads gRPC and the OTLP protobuf code at start', async () => {
    const loaded = await packagesLoadedAtStart({ OTLP_GRPC_PORT: '0' });
    expect(loaded).toEqual(expect.arrayContaining(['@grpc/grpc-js', 'otlp-protobuf-generated']));
  }, 30_000);
});
