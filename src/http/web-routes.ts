import type { IncomingMessage } from 'node:http';
import type { WebAccess } from '../config.js';
import type { Core } from '../core/create-core.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import { boardFragment, boardPage } from '../web/pages/board-page.js';
import { hallOfFamePage } from '../web/pages/hall-of-fame-page.js';
import type { Viewer } from '../web/pages/layout.js';
import { personPage } from '../web/pages/person-page.js';
import { tvFragment, tvPage } from '../web/pages/tv-page.js';
import type { Routes } from './http-server.js';
import type { LiveUpdates } from './live-updates.js';
import { createSignInRoutes } from './sign-in-routes.js';
import { readCookie, SESSION_COOKIE } from './web-cookies.js';
import { createWebResponses, PageError, SignInNeeded, urlOf } from './web-responses.js';
import { loadStaticAssets } from './web-static-assets.js';

/**
 * The web board's routes: pages, live fragments and the event stream, avatars and assets, and
 * (with Slack access) sign-in, sign-out and TV links. Pages are rendered on the server with
 * escaping templates; every answer carries a strict Content-Security-Policy.
 */
export function createWebRoutes(core: Core, live: LiveUpdates, access: Exclude<WebAccess, 'off'>): Routes {
  const { webViews: views, avatars, ladder, signIn, clock, logger } = core;
  const sessions = core.stores.webSessions;
  const assets = loadStaticAssets();

  function viewerOf(req: IncomingMessage): Viewer | undefined {
    if (access === 'open') return { kind: 'open' };
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? sessions.sessionOf(token, clock().getTime()) : undefined;
    if (!session) return undefined;
    return session.kind === 'tv' ? { kind: 'tv' } : { kind: 'member', userId: session.userId, name: session.userName };
  }
  const responses = createWebResponses({ publicUrl: core.config.web.publicUrl, assets, viewerOf });
  const { route, page, sendHtml, sendFile, redirect } = responses;

  /** Who may see a page: members always, screens only the TV. Pages send strangers to sign in. */
  function requireViewer(req: IncomingMessage, what: 'page' | 'data', tvAllowed: boolean): Viewer {
    const viewer = viewerOf(req);
    if (viewer && (viewer.kind !== 'tv' || tvAllowed)) return viewer;
    if (what === 'data') throw new PageError(viewer ? 403 : 401, 'Not signed in', 'Sign in to see the board.');
    if (!viewer) {
      const url = urlOf(req);
      throw new SignInNeeded(url.pathname + url.search);
    }
    throw new PageError(403, 'This screen shows the TV board only', 'A TV link opens /tv and nothing else.', {
      href: '/tv',
      label: 'Back to the TV board',
    });
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
      const view = await views.person(userId, weekOf(req), viewer.kind === 'member' ? viewer.userId : undefined);
      if (!view) {
        // The same answer as /leaderboard gives: nothing of a person who keeps off the shared board.
        throw new PageError(403, 'Private', "That person isn't on the shared board, so their numbers stay private.", {
          href: '/board',
          label: 'Back to the board',
        });
      }
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
      if (!live.open(res)) {
        throw new PageError(
          503,
          'Too many live boards',
          'So many boards are open that this one is not updated live; reload it later.',
        );
      }
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
  return { ...routes, ...createSignInRoutes({ ...signIn, sessions, responses, clock, logger }) };
}
