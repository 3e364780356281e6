import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { APP_ID } from '../../fixtures/slack-workspace.js';
import { clip, isRecord, ok, type Reply, slackError } from './reply.js';
import type { WebApiCall } from './web-api.js';

/** Where `apps.connections.open` sends Socket Mode clients; Slack's real URL also carries a ticket and the app id. */
const SOCKET_PATH = '/socket';

/** The bearer token of a Web API call, from the Authorization header or (as Slack also accepts) a `token` argument. */
function tokenOf(call: WebApiCall): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(call.headers.authorization ?? '')?.[1];
  return bearer ?? (typeof call.args.token === 'string' ? call.args.token : undefined);
}

/**
 * Socket Mode on the fake's port: `apps.connections.open` (with an `xapp-` token) hands out a WebSocket URL;
 * a client connecting there is greeted with Slack's `hello`, and everything it sends back is recorded.
 * The client pings and `ws` answers with pongs by itself; Slack's own pings are optional.
 */
export function attachSocketMode(server: Server, baseUrl: () => string) {
  const socketServer = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const acks: Array<Record<string, unknown>> = [];
  let tickets = 0;

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) return;
    const text = new TextDecoder().decode(Array.isArray(data) ? Buffer.concat(data) : data);
    try {
      const parsed: unknown = JSON.parse(text);
      acks.push(isRecord(parsed) ? parsed : { _body: parsed });
    } catch {
      acks.push({ _body: text });
    }
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socketServer.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', onMessage);
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: {
            host: 'fake',
            started: new Date().toISOString(),
            build_number: 1,
            approximate_connection_time: 18060,
          },
          connection_info: { app_id: APP_ID },
        }),
      );
    });
  });

  return {
    acks,
    get connections(): number {
      return sockets.size;
    },
    /** The `apps.connections.open` Web API method. */
    connectionsOpen(call: WebApiCall): Reply {
      if (!tokenOf(call)?.startsWith('xapp-')) return slackError('not_allowed_token_type');
      tickets += 1;
      const socketUrl = new URL(SOCKET_PATH, baseUrl().replace(/^http/, 'ws'));
      socketUrl.search = new URLSearchParams({ ticket: `fake-ticket-${tickets}`, app_id: APP_ID }).toString();
      return ok({ url: socketUrl.toString() });
    },
    /** Sends `envelope` to every open connection, as Slack delivers events, commands and actions. */
    send(envelope: Record<string, unknown>): void {
      const text = JSON.stringify(envelope);
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    describe(): string[] {
      return acks.length > 0 ? [`socket acks (${acks.length}):`, ...acks.map((a) => `  ${clip(a)}`)] : [];
    },
    async close(): Promise<void> {
      // Upgraded sockets no longer belong to the HTTP server, so they are cut off here, without a close handshake.
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
    },
  };
}
