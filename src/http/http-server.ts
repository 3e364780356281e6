import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@slack/bolt';
import { type ErrorCode, ThroneError } from '../errors.js';
import { crossOriginRefusal } from './cross-origin.js';
import { sendJson } from './send-json.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** "METHOD /path" → handler; "METHOD /prefix/*" serves every path under the prefix. */
export type Routes = Record<string, RouteHandler>;

function findHandler(routes: Routes, prefixes: string[], method: string, path: string): RouteHandler | undefined {
  const exact = routes[`${method} ${path}`];
  if (exact) return exact;
  const prefix = prefixes.find(
    (route) => route.startsWith(`${method} `) && path.startsWith(route.slice(method.length + 1, -1)),
  );
  return prefix ? routes[prefix] : undefined;
}

const STATUS: Record<ErrorCode, number> = {
  bad_config: 500,
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  too_large: 413,
  unsupported: 415,
  not_found: 404,
  not_allowed: 405,
  unavailable: 503,
};

function headersFor(error: ThroneError): Record<string, string> {
  return {
    ...(error.code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {}),
    ...(error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
  };
}

/**
 * The bot's one HTTP server: ingestion, health and (in HTTP mode) Slack's requests share it.
 * Slow-drip uploads are cut off by the request timeout.
 */
export function createHttpServer(
  routes: Routes,
  logger: Logger,
  requestTimeoutMs = 30_000,
  publicOrigin = 'http://localhost',
): Server {
  const paths = new Set(Object.keys(routes).map((route) => route.slice(route.indexOf(' ') + 1)));
  const prefixes = Object.keys(routes)
    .filter((route) => route.endsWith('/*'))
    .sort((a, b) => b.length - a.length);
  // Node enforces requestTimeout only when it scans connections; scan often enough to matter.
  const connectionsCheckingInterval = Math.min(5000, Math.max(100, requestTimeoutMs / 2));
  const server = createServer({ connectionsCheckingInterval }, async (req, res) => {
    // Once stop() has closed the listener, keep-alive clients are told to go, so that
    // in-flight requests finish and their connections end.
    if (!server.listening) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = findHandler(routes, prefixes, req.method ?? 'GET', path);
    try {
      const refusal = crossOriginRefusal(req, publicOrigin);
      if (refusal) throw new ThroneError('forbidden', refusal);
      if (handler) await handler(req, res);
      else if (paths.has(path)) throw new ThroneError('not_allowed', `${req.method} is not supported on ${path}.`);
      else throw new ThroneError('not_found', `Nothing at ${path}. Usage events go to POST /api/usage.`);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof ThroneError) {
        if (req.complete) {
          sendJson(res, STATUS[error.code], { error: error.message }, headersFor(error));
          return;
        }
        // The body of a refused request was not (all) read: say so before closing, so a
        // keep-alive client sends its next request on a new connection instead of this one.
        sendJson(res, STATUS[error.code], { error: error.message }, { ...headersFor(error), connection: 'close' });
        discardRest(req);
        return;
      }
      logger.error(`Unexpected failure on ${req.method} ${path}:`, error);
      sendJson(res, 500, { error: 'Internal error; the request was not stored. It is safe to retry.' });
    }
  });
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(10_000, requestTimeoutMs);
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Past this much unread body, a refused upload is cut off rather than read to its end. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * Reads and drops what is left of a refused request's body, so that the client, still sending,
 * gets to read the answer rather than a reset; an upload larger than is worth reading is cut off.
 */
function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) req.destroy();
  });
  req.resume();
}

/**
 * Stops accepting connections, lets requests in flight finish (their connections then close),
 * and after `graceMs` closes whatever is still open.
 */
export function closeGracefully(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
