import type { Db } from '../db/open-database.js';
import type { RouteHandler } from './http-server.js';
import { sendJson } from './send-json.js';

/** GET /healthz: 200 when the database answers a query, 503 when it does not. */
export function createHealthRoute(db: Db): RouteHandler {
  const ping = db.prepare('SELECT 1').pluck();
  return (_req, res) => {
    try {
      ping.get();
      sendJson(res, 200, { ok: true });
    } catch (error) {
      sendJson(res, 503, { ok: false, error: `database unavailable: ${(error as Error).message}` });
    }
  };
}
