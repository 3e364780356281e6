import type { IncomingMessage } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request that changes something must be refused as cross-origin, or undefined to let it
 * through. Browsers say where a request comes from in Sec-Fetch-Site (all current ones) or
 * Origin; a request with neither is not from a browser (a webhook, Slack) and has its own
 * authentication. Under `Referrer-Policy: no-referrer` a same-origin form sends `Origin: null`,
 * which Sec-Fetch-Site tells apart from an opaque cross-site one.
 */
export function crossOriginRefusal(req: IncomingMessage, publicOrigin: string): string | undefined {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) {
    return site === 'same-origin' || site === 'none'
      ? undefined
      : `Refused a ${site} ${req.method} request: this page only accepts forms from its own site.`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const host = req.headers.host;
  if (origin === publicOrigin || (host !== undefined && /^https?:\/\//.test(origin) && new URL(origin).host === host)) {
    return undefined;
  }
  return `Refused a ${req.method} request from ${origin}: this page only accepts forms from ${publicOrigin}.`;
}
