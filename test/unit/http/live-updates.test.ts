import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveUpdates } from '../../../src/http/live-updates.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('live updates', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A loopback server answering every GET with a stream, or 503 when the streams are full. */
  async function serve(maxStreams: number) {
    const live = createLiveUpdates(maxStreams);
    const server = createServer((_req, res) => {
      if (!live.open(res)) res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      live.closeAll();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    const open = () => new Promise<IncomingMessage>((resolve) => get(url, { agent: false }, resolve));
    return { live, open };
  }

  it('streams to at most maxStreams pages; one past the limit is refused, and a closed page frees its place', async () => {
    const { live, open } = await serve(2);
    const first = await open();
    const second = await open();
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    const third = await open();
    expect(third.statusCode).toBe(503);
    third.resume();
    expect(live.openStreams).toBe(2);

    first.destroy();
    await waitFor(() => live.openStreams === 1);
    const fourth = await open();
    expect(fourth.statusCode).toBe(200);
    expect(live.openStreams).toBe(2);
    second.destroy();
    fourth.destroy();
  });
});
