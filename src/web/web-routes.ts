import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@slack/bolt';
import type { Badge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { WebAccess } from '../config.js';
import { newSecret, type WebSessionsStore } from '../db/web-sessions-store.js';
import type { Routes } from '../http/http-server.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import type { AvatarProxy } from './avatar-proxy.js';
import type { BoardViews } from './board-views.js';
import { cookie, LOGIN_COOKIE, readCookie, SESSION_COOKIE } from './cookies.js';
import type { SafeHtml } from './html.js';
import type { LiveUpdates } from './live-updates.js';
import { boardFragment, boardPage } from './pages/board-page.js';
import { hallOfFamePage } from './pages/hall-of-fame-page.js';
import { layout, type Viewer } from './pages/layout.js';
import { messagePage } from './pages/message-page.js';
import { personPage } from './pages/person-page.js';
import { tvFragment, tvPage } from './pages/tv-page.js';
import { SignInRefused, type SlackSignIn } from './slack-sign-in.js';
import type { StaticAssets } from './static-assets.js';

const MEMBER_SESSION_DAYS = 30;
/** Browsers cap cookie lifetimes at 400 days; a screen is simply given a new link after that. */
const TV_SESSION_DAYS = 400;
const LOGIN_MINUTES = 10;
const DAY_MS = 86_400_000;

export interface WebRoutesOptions {
  access: Exclude<WebAccess, 'off'>;
  publicUrl: string;
  views: BoardViews;
  sessions: WebSessionsStore;
  live: LiveUpdates;
  avatars: AvatarProxy;
  assets: StaticAssets;
  ladder: readonly Badge[];
  /** with access 'slack': the relying party and the workspace members must belong to */
  signIn: { client: SlackSignIn; teamId: () => Promise<string> } | undefined;
  clock: Clock;
  logger: Logger;
}

/** A refusal shown as a page (or as the status alone, for the live fragments and streams). */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly heading: string,
    message: string,
    readonly action?: { href: string; label: string },
  ) {
    super(message);
  }
}

function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** A local path to return to after signing in; anything else (another site, a scheme) goes to the board. */
export function safeReturnPath(text: string | null): string {
  if (!text?.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return '/board';
  return text;
}

/**
 * The web board's routes: pages, live fragments and the event stream, avatars and assets, and
 * (with Slack access) sign-in, sign-out and TV links. Pages are rendered on the server with
 * escaping templates; every answer carries a strict Content-Security-Policy.
 */
export function createWebRoutes(options: WebRoutesOptions): Routes {
  const { access, views, sessions, live, avatars, assets, ladder, signIn, clock, logger } = options;
  const secure = options.publicUrl.startsWith('https:');
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  });

  const sendHtml = (
    res: ServerResponse,
    status: number,
    markup: string,
    extra: Record<string, string | string[]> = {},
  ) => {
    res.writeHead(status, { ...headers('text/html; charset=utf-8'), 'cache-control': 'no-store', ...extra });
    res.end(markup);
  };
  const sendFile = (res: ServerResponse, file: { body: Buffer; type: string }, cacheControl: string) => {
    res.writeHead(200, { ...headers(file.type), 'cache-control': cacheControl, 'content-length': file.body.length });
    res.end(file.body);
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

  const urlOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://board.invalid');

  function viewerOf(req: IncomingMessage): Viewer | undefined {
    if (access === 'open') return { kind: 'open' };
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? sessions.sessionOf(token, clock().getTime()) : undefined;
    if (!session) return undefined;
    return session.kind === 'tv' ? { kind: 'tv' } : { kind: 'member', userId: session.userId, name: session.userName };
  }

  /** Who may see a page: members always, screens only the TV. Pages send strangers to sign in. */
  function requireViewer(req: IncomingMessage, what: 'page' | 'data', tvAllowed: boolean): Viewer {
    const viewer = viewerOf(req);
    if (viewer && (viewer.kind !== 'tv' || tvAllowed)) return viewer;
    if (what === 'data') throw new PageError(viewer ? 403 : 401, 'Not signed in', 'Sign in to see the board.');
    if (viewer)
      throw new PageError(403, 'This screen shows the TV board only', 'A TV link opens /tv and nothing else.', {
        href: '/tv',
        label: 'Back to the TV board',
      });
    const url = urlOf(req);
    throw new PageError(401, 'Sign in', '', {
      href: `/signin?return_to=${encodeURIComponent(url.pathname + url.search)}`,
      label: 'Sign in with Slack',
    });
  }

  function route(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) {
    return async (req: IncomingMessage, res: ServerResponse) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (!(error instanceof PageError)) throw error;
        if (error.status === 401 && error.action && !error.message) {
          redirect(res, error.action.href);
          return;
        }
        const viewer = viewerOf(req);
        sendHtml(
          res,
          error.status,
          layout({
            title: error.heading,
            viewer,
            body: messagePage({
              heading: error.heading,
              text: error.message,
              ...(error.action ? { action: error.action } : {}),
            }),
            assets: assets.urls,
          }),
        );
      }
    };
  }

  const weekOf = (req: IncomingMessage) => {
    const text = urlOf(req).searchParams.get('week');
    const week = views.weekFrom(text);
    if (!week)
      throw new PageError(404, 'No such week', `"${text}" is not a week; weeks look like 2026-W48.`, {
        href: '/board',
        label: 'This week',
      });
    return week;
  };

  const routes: Routes = {
    'GET /': route((_req, res) => redirect(res, '/board')),
    'GET /board': route(async (req, res) => {
      const viewer = requireViewer(req, 'page', false);
      const view = await views.board(weekOf(req));
      const me = viewer.kind === 'member' ? viewer.userId : undefined;
      page(res, `Token Throne · ${view.week.key}`, viewer, boardPage(view, me));
    }),
    'GET /board/live': route(async (req, res) => {
      const viewer = requireViewer(req, 'data', false);
      const view = await views.board(weekOf(req));
      sendHtml(res, 200, boardFragment(view, viewer.kind === 'member' ? viewer.userId : undefined).value);
    }),
    'GET /people/*': route(async (req, res) => {
      const viewer = requireViewer(req, 'page', false);
      const userId = decodeURIComponent(urlOf(req).pathname.slice('/people/'.length));
      if (!isSlackUserId(userId)) {
        throw new PageError(404, 'Nobody here', 'People pages are at /people/ followed by a Slack user ID.', {
          href: '/board',
          label: 'Back to the board',
        });
      }
      const view = await views.person(userId, weekOf(req));
      page(res, `${view.name} · Token Throne`, viewer, personPage(view, ladder));
    }),
    'GET /hall-of-fame': route(async (req, res) => {
      const viewer = requireViewer(req, 'page', false);
      page(res, 'Hall of Fame · Token Throne', viewer, hallOfFamePage(await views.hallOfFame()));
    }),
    'GET /tv': route(async (req, res) => {
      const viewer = requireViewer(req, 'page', true);
      const view = await views.board(weekOf(req));
      page(res, 'Token Throne TV', viewer.kind === 'tv' ? undefined : viewer, tvPage(view), 'tv');
    }),
    'GET /tv/live': route(async (req, res) => {
      requireViewer(req, 'data', true);
      sendHtml(res, 200, tvFragment(await views.board(weekOf(req))).value);
    }),
    'GET /events': route((req, res) => {
      requireViewer(req, 'data', true);
      live.open(res);
    }),
    'GET /avatars/*': route(async (req, res) => {
      requireViewer(req, 'data', true);
      const avatar = await avatars.get(decodeURIComponent(urlOf(req).pathname.slice('/avatars/'.length)));
      if (!avatar) throw new PageError(404, 'No picture', 'This person has no picture.');
      sendFile(res, avatar, 'private, max-age=3600');
    }),
    'GET /static/*': route((req, res) => {
      const asset = assets.get(urlOf(req).pathname.slice('/static/'.length));
      if (!asset) throw new PageError(404, 'Not found', 'No such file.');
      sendFile(res, asset, 'public, max-age=31536000, immutable');
    }),
  };
  if (access === 'open' || !signIn) return routes;

  const refuse = (heading: string, message: string, status = 403) =>
    new PageError(status, heading, message, { href: '/signin', label: 'Try again' });

  return {
    ...routes,
    'GET /signin': route((req, res) => {
      const returnTo = safeReturnPath(urlOf(req).searchParams.get('return_to'));
      page(
        res,
        'Sign in · Token Throne',
        undefined,
        messagePage({
          heading: '👑 Token Throne',
          text: 'The weekly board of AI token use, for members of this Slack workspace.',
          action: { href: `/auth/slack?return_to=${encodeURIComponent(returnTo)}`, label: 'Sign in with Slack' },
        }),
      );
    }),
    'GET /auth/slack': route(async (req, res) => {
      const now = clock().getTime();
      const state = newSecret();
      const nonce = newSecret();
      sessions.purgeExpired(now);
      sessions.saveLoginState(
        state,
        { nonce, returnTo: safeReturnPath(urlOf(req).searchParams.get('return_to')) },
        now + LOGIN_MINUTES * 60_000,
      );
      const team = await signIn.teamId().catch(() => undefined);
      redirect(res, signIn.client.authorizeUrl(state, nonce, team), [cookie(LOGIN_COOKIE, state, LOGIN_MINUTES * 60)]);
    }),
    'GET /auth/slack/callback': route(async (req, res) => {
      const query = urlOf(req).searchParams;
      const state = query.get('state');
      const bound = readCookie(req, LOGIN_COOKIE);
      const now = clock().getTime();
      if (!state || !bound || state !== bound) {
        logger.warn('Sign-in refused: the state does not match the one this browser started with.');
        throw refuse(
          'Sign-in expired',
          'This sign-in was not started in this browser, or took too long. Please sign in again.',
          400,
        );
      }
      const login = sessions.takeLoginState(state, now);
      if (!login)
        throw refuse('Sign-in expired', 'This sign-in was already used or took too long. Please sign in again.', 400);
      try {
        const member = await signIn.client.finish(query, { state, nonce: login.nonce, teamId: await signIn.teamId() });
        const token = sessions.openSession(
          { kind: 'user', userId: member.userId, userName: member.name },
          now,
          now + MEMBER_SESSION_DAYS * DAY_MS,
        );
        logger.info(`${member.userId} signed in to the web board.`);
        redirect(res, login.returnTo, [
          cookie(SESSION_COOKIE, token, MEMBER_SESSION_DAYS * 86_400),
          cookie(LOGIN_COOKIE, '', 0),
        ]);
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        logger.warn(`Sign-in refused: ${error.detail}`);
        throw refuse('Not signed in', error.reason);
      }
    }),
    'POST /signout': route((req, res) => {
      const token = readCookie(req, SESSION_COOKIE);
      if (token) sessions.closeSession(token);
      redirect(res, '/signin', [cookie(SESSION_COOKIE, '', 0)]);
    }),
    'GET /tv/link': route((req, res) => {
      const key = urlOf(req).searchParams.get('key') ?? '';
      const name = key ? sessions.tvLinkOfKey(key) : undefined;
      if (!name) {
        throw new PageError(
          403,
          'This TV link does not work',
          'It was revoked or mistyped. Ask an operator for a new one (npx token-throne tv-link).',
        );
      }
      const now = clock().getTime();
      const token = sessions.openSession({ kind: 'tv', tvLink: name }, now, now + TV_SESSION_DAYS * DAY_MS);
      logger.info(`TV link "${name}" opened on a screen.`);
      // The key leaves the address bar: the screen keeps only its session cookie.
      redirect(res, '/tv', [cookie(SESSION_COOKIE, token, TV_SESSION_DAYS * 86_400)]);
    }),
  };
}
