import type { ServerResponse } from 'node:http';

const PING_MS = 25_000;
/** A burst of usage moves the board once, not once per event. */
const DEBOUNCE_MS = 300;
/** How long a browser waits before reconnecting after the stream drops (a restart). */
const RETRY_MS = 2_000;
/** Open streams at most: each holds a connection and its buffers for as long as its page is open. */
export const MAX_STREAMS = 1000;

/**
 * Server-sent events telling open boards that the numbers moved. The event carries no data
 * beyond a counter: each page fetches what it shows with its own session, and does the same
 * on every (re)connect, so a page that missed events while the bot restarted catches up.
 */
export function createLiveUpdates(maxStreams = MAX_STREAMS) {
  const streams = new Set<ServerResponse>();
  let version = 0;
  let pending: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;

  const send = (res: ServerResponse, text: string) => {
    res.write(text);
  };
  const broadcast = (text: string) => {
    for (const res of streams) send(res, text);
  };

  return {
    /**
     * Answers a GET with an open event stream, unless `maxStreams` are open already: then it
     * answers nothing and says false, and the page shows the board without live updates.
     */
    open(res: ServerResponse): boolean {
      if (streams.size >= maxStreams) return false;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx and similar proxies would otherwise hold events back.
        'x-accel-buffering': 'no',
      });
      send(res, `retry: ${RETRY_MS}\nevent: hello\ndata: ${version}\n\n`);
      streams.add(res);
      res.once('close', () => {
        streams.delete(res);
        if (streams.size === 0 && ping) {
          clearInterval(ping);
          ping = undefined;
        }
      });
      if (!ping) {
        ping = setInterval(() => broadcast(': ping\n\n'), PING_MS);
        ping.unref();
      }
      return true;
    },
    /** Usage was recorded or a week was crowned: tell every open board, once per burst. */
    boardChanged(): void {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        version += 1;
        broadcast(`event: board\ndata: ${version}\n\n`);
      }, DEBOUNCE_MS);
      pending.unref();
    },
    get openStreams(): number {
      return streams.size;
    },
    /** Ends every stream so a stopping server need not wait for them; browsers reconnect on their own. */
    closeAll(): void {
      if (pending) clearTimeout(pending);
      pending = undefined;
      for (const res of streams) res.end();
      streams.clear();
      if (ping) clearInterval(ping);
      ping = undefined;
    },
  };
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>;
