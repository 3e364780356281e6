import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from '../web/html.js';
import { layout, type Viewer } from '../web/pages/layout.js';
import { messagePage } from '../web/pages/message-page.js';
import type { RouteHandler } from './http-server.js';
import type { StaticAssets } from './web-static-assets.js';

/** A refusal shown as a page with a way on (the live fragments and streams only read its status). */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly heading: string,
    message: string,
    readonly action?: { href: string; label: string },
  ) {
    super(message);
  }
}

/** A stranger asked for a page: they are sent to sign in, and back here afterwards. */
export class SignInNeeded extends Error {
  constructor(readonly returnTo: string) {
    super('sign in needed');
  }
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function urlOf(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://board.invalid');
}

/**
 * How the web board answers: every answer with a strict Content-Security-Policy and its
 * companions, pages inside the layout, refusals as pages.
 */
export function createWebResponses(options: {
  publicUrl: string;
  assets: StaticAssets;
  viewerOf: (req: IncomingMessage) => Viewer | undefined;
}) {
  const { assets, viewerOf } = options;
  const secure = options.publicUrl.startsWith('https:');
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  });

  const sendHtml = (res: ServerResponse, status: number, markup: string) => {
    res.writeHead(status, { ...headers('text/html; charset=utf-8'), 'cache-control': 'no-store' });
    res.end(markup);
  };
  const redirect = (res: ServerResponse, location: string, setCookies: string[] = []) => {
    res.writeHead(302, {
      ...headers('text/plain; charset=utf-8'),
      location,
      'cache-control': 'no-store',
      ...(setCookies.length > 0 ? { 'set-cookie': setCookies } : {}),
    });
    res.end();
  };
  const page = (res: ServerResponse, title: string, viewer: Viewer | undefined, body: SafeHtml, bodyClass?: string) =>
    sendHtml(res, 200, layout({ title, viewer, body, assets: assets.urls, ...(bodyClass ? { bodyClass } : {}) }));

  return {
    sendHtml,
    redirect,
    page,
    sendFile(res: ServerResponse, file: { body: Buffer; type: string }, cacheControl: string) {
      res.writeHead(200, { ...headers(file.type), 'cache-control': cacheControl, 'content-length': file.body.length });
      res.end(file.body);
    },
    /** A route whose refusals (PageError, SignInNeeded) become pages or a redirect to sign in. */
    route(handler: RouteHandler): RouteHandler {
      return async (req, res) => {
        try {
          await handler(req, res);
        } catch (error) {
          if (error instanceof SignInNeeded) {
            redirect(res, `/signin?return_to=${encodeURIComponent(error.returnTo)}`);
            return;
          }
          if (!(error instanceof PageError)) throw error;
          const { heading, message, action } = error;
          sendHtml(
            res,
            error.status,
            layout({
              title: heading,
              viewer: viewerOf(req),
              body: messagePage({ heading, text: message, ...(action ? { action } : {}) }),
              assets: assets.urls,
            }),
          );
        }
      };
    },
  };
}

export type WebResponses = ReturnType<typeof createWebResponses>;
