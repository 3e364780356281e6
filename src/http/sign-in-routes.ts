import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import { newSecret, type WebSessionsStore } from '../db/web-sessions-store.js';
import { SignInRefused, type SlackSignIn } from '../slack/api/slack-sign-in.js';
import { messagePage } from '../web/pages/message-page.js';
import type { Routes } from './http-server.js';
import { cookie, LOGIN_COOKIE, readCookie, SESSION_COOKIE } from './web-cookies.js';
import { PageError, urlOf, type WebResponses } from './web-responses.js';

const MEMBER_SESSION_DAYS = 30;
/** Browsers cap cookie lifetimes at 400 days; a screen is simply given a new link after that. */
const TV_SESSION_DAYS = 400;
const LOGIN_MINUTES = 10;
const DAY_MS = 86_400_000;

/** A local path to return to after signing in; anything else (another site, a scheme) goes to the board. */
export function safeReturnPath(text: string | null): string {
  if (!text?.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return '/board';
  return text;
}

export interface SignInRoutesOptions {
  client: SlackSignIn;
  /** the workspace members must belong to */
  teamId: () => Promise<string>;
  sessions: WebSessionsStore;
  responses: WebResponses;
  clock: Clock;
  logger: Logger;
}

/**
 * Sign in with Slack (the state bound to the browser by a cookie, used once; the nonce checked
 * in the id_token; the workspace checked), sign-out, and the TV links that give a screen a
 * view-only session.
 */
export function createSignInRoutes(options: SignInRoutesOptions): Routes {
  const { client, teamId, sessions, clock, logger } = options;
  const { route, redirect, page } = options.responses;
  const refuse = (heading: string, message: string, status = 403) =>
    new PageError(status, heading, message, { href: '/signin', label: 'Try again' });

  return {
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
      const returnTo = safeReturnPath(urlOf(req).searchParams.get('return_to'));
      sessions.saveLoginState(state, { nonce, returnTo }, now + LOGIN_MINUTES * 60_000);
      // Only a hint for Slack's page; the callback enforces the workspace.
      const team = await teamId().catch(() => undefined);
      redirect(res, await client.authorizeUrl(state, nonce, team), [cookie(LOGIN_COOKIE, state, LOGIN_MINUTES * 60)]);
    }),
    'GET /auth/slack/callback': route(async (req, res) => {
      const query = urlOf(req).searchParams;
      const state = query.get('state');
      const bound = readCookie(req, LOGIN_COOKIE);
      const now = clock().getTime();
      if (!state || !bound || state !== bound) {
        logger.warn('Sign-in refused: the state does not match the one this browser started with.');
        const text = 'This sign-in was not started in this browser, or took too long. Please sign in again.';
        throw refuse('Sign-in expired', text, 400);
      }
      const login = sessions.takeLoginState(state, now);
      if (!login) {
        throw refuse('Sign-in expired', 'This sign-in was already used or took too long. Please sign in again.', 400);
      }
      try {
        const member = await client.finish(query, { state, nonce: login.nonce, teamId: await teamId() });
        const owner = { kind: 'user', userId: member.userId, userName: member.name } as const;
        const token = sessions.openSession(owner, now, now + MEMBER_SESSION_DAYS * DAY_MS);
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
        const text = 'It was revoked or mistyped. Ask an operator for a new one (npx token-throne tv-link).';
        throw new PageError(403, 'This TV link does not work', text);
      }
      const now = clock().getTime();
      const token = sessions.openSession({ kind: 'tv', tvLink: name }, now, now + TV_SESSION_DAYS * DAY_MS);
      logger.info(`TV link "${name}" opened on a screen.`);
      // The key leaves the address bar: the screen keeps only its session cookie.
      redirect(res, '/tv', [cookie(SESSION_COOKIE, token, TV_SESSION_DAYS * 86_400)]);
    }),
  };
}
