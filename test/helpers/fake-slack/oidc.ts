import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { ok, type Reply, slackError } from './reply.js';
import type { WebApiCall } from './web-api.js';

export const FAKE_CLIENT_ID = '1234567890.0987654321';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

/** Who the next sign-in at the fake authorize page is, and what to break in it. */
export interface FakeSignIn {
  userId: string;
  teamId: string;
  name: string;
  /** break the flow: a nonce other than the one sent, a token signed by an unknown key, or Slack's ok:false */
  tamper?: 'nonce' | 'signature' | 'ok_false';
}

interface IssuedCode {
  signIn: FakeSignIn;
  redirectUri: string;
  expiresAt: number;
  /** signed when the code is handed out, so the token method answers synchronously like every other */
  idToken: string;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/**
 * Slack's side of Sign in with Slack, as Slack behaves: `/openid/connect/authorize` checks the
 * client and redirect URI and hands out a one-use code, `openid.connect.token` answers errors as
 * HTTP 200 `ok:false`, id_tokens are RS256 with issuer https://slack.com and the
 * `https://slack.com/…` claims, keys at `/openid/connect/keys`.
 */
export function createFakeSlackOidc(baseUrl: () => string) {
  let keys: KeyPair | undefined;
  let strangerKeys: KeyPair | undefined;
  const codes = new Map<string, IssuedCode>();
  const redirectUris = new Set<string>();
  const state = {
    nextSignIn: undefined as FakeSignIn | undefined,
    authorizeRequests: [] as URLSearchParams[],
  };

  const keyPair = async (): Promise<KeyPair> => {
    keys ??= await generateKeyPair('RS256', { extractable: true });
    return keys;
  };
  /** A key Slack never published: what a forged id_token is signed with. */
  const strangerKeyPair = async (): Promise<KeyPair> => {
    strangerKeys ??= await generateKeyPair('RS256');
    return strangerKeys;
  };

  const sendJson = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  async function idToken(signIn: FakeSignIn, nonce: string): Promise<string> {
    const signer = signIn.tamper === 'signature' ? await strangerKeyPair() : await keyPair();
    const images = Object.fromEntries(
      [48, 72, 192].map((size) => [
        `https://slack.com/user_image_${size}`,
        `${baseUrl()}/avatars/${signIn.userId}_${size}.png`,
      ]),
    );
    return new SignJWT({
      nonce: signIn.tamper === 'nonce' ? 'a-nonce-from-another-sign-in' : nonce,
      'https://slack.com/team_id': signIn.teamId,
      'https://slack.com/user_id': signIn.userId,
      email: `${signIn.userId.toLowerCase()}@example.com`,
      email_verified: true,
      name: signIn.name,
      locale: 'en-US',
      ...images,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-slack-1', typ: 'JWT' })
      .setIssuer('https://slack.com')
      .setAudience(FAKE_CLIENT_ID)
      .setSubject(signIn.userId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signer.privateKey);
  }

  return {
    state,
    /** Registers a redirect URI, as the app's manifest does. */
    allowRedirect(uri: string): void {
      redirectUris.add(uri);
    },

    /** Serves the OpenID paths; false when the path is not one of them. */
    async handle(method: string, path: string, query: URLSearchParams, res: ServerResponse): Promise<boolean> {
      if (method === 'GET' && path === '/openid/connect/keys') {
        const jwk: JWK = {
          ...(await exportJWK((await keyPair()).publicKey)),
          kid: 'fake-slack-1',
          alg: 'RS256',
          use: 'sig',
        };
        sendJson(res, { keys: [jwk] });
        return true;
      }
      if (method === 'GET' && path === '/openid/connect/authorize') {
        state.authorizeRequests.push(query);
        const redirectUri = query.get('redirect_uri') ?? '';
        const scopes = (query.get('scope') ?? '').split(/[ ,]+/);
        if (query.get('client_id') !== FAKE_CLIENT_ID || !redirectUris.has(redirectUri)) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('bad client_id or redirect_uri');
          return true;
        }
        const back = new URL(redirectUri);
        const signIn = state.nextSignIn;
        if (query.get('response_type') !== 'code' || !scopes.includes('openid') || !signIn) {
          back.searchParams.set('error', signIn ? 'invalid_request' : 'access_denied');
        } else {
          const code = randomBytes(12).toString('hex');
          const idTokenOfCode = await idToken(signIn, query.get('nonce') ?? '');
          codes.set(code, { signIn, redirectUri, expiresAt: Date.now() + 60_000, idToken: idTokenOfCode });
          back.searchParams.set('code', code);
        }
        const sentState = query.get('state');
        if (sentState !== null) back.searchParams.set('state', sentState);
        res.writeHead(302, { location: back.href });
        res.end();
        return true;
      }
      return false;
    },

    /** `openid.connect.token`: HTTP 200 either way, as Slack answers. */
    token({ args }: WebApiCall): Reply {
      const code = typeof args.code === 'string' ? args.code : '';
      const issued = codes.get(code);
      codes.delete(code);
      if (args.client_id !== FAKE_CLIENT_ID || args.client_secret !== FAKE_CLIENT_SECRET) {
        return slackError('invalid_client_id');
      }
      if (!issued || issued.expiresAt < Date.now()) return slackError('invalid_code');
      if (args.redirect_uri !== issued.redirectUri) return slackError('bad_redirect_uri');
      if (issued.signIn.tamper === 'ok_false') return slackError('invalid_grant_type');
      return ok({ access_token: `xoxp-fake-${code}`, token_type: 'Bearer', id_token: issued.idToken });
    },
  };
}

export type FakeSlackOidc = ReturnType<typeof createFakeSlackOidc>;
