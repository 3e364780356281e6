import type * as Oidc from 'openid-client';

/** Slack's id_tokens name this issuer wherever its endpoints are served from (proxy, GovSlack, a test's fake). */
export const SLACK_ISSUER = 'https://slack.com';
const TEAM_CLAIM = 'https://slack.com/team_id';

export interface SlackSignInOptions {
  clientId: string;
  clientSecret: string;
  /** where /openid/connect/authorize and /openid/connect/keys live, with a trailing slash */
  oidcUrl: string;
  /** the Web API base (openid.connect.token), with a trailing slash */
  apiUrl: string;
  /** the callback registered in the app's manifest */
  redirectUri: string;
}

export interface SignedInMember {
  userId: string;
  teamId: string;
  name: string;
}

/** A sign-in that must not go through; `reason` is safe to show, `detail` is for the log. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    readonly reason: string,
    readonly detail: string = reason,
  ) {
    super(detail);
  }
}

interface OidcFailure {
  code?: string;
  message?: string;
  cause?: { cause?: { body?: { error?: unknown } }; body?: { error?: unknown } };
}

/** The library's error and its causes, innermost last: "invalid response: JWT signature verification failed". */
function describeFailure(error: unknown): string {
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error && messages.length < 4; cause = cause.cause) {
    const code = (cause as OidcFailure).code;
    messages.push(code && messages.length === 0 ? `${code} ${cause.message}` : cause.message);
  }
  return messages.join(': ');
}

function slackErrorOf(error: OidcFailure): string | undefined {
  const body = error.cause?.cause?.body ?? error.cause?.body;
  return typeof body?.error === 'string' ? body.error : undefined;
}

/**
 * Sign in with Slack as an OpenID Connect relying party (openid-client). The endpoints are fixed
 * under SLACK_OIDC_URL and SLACK_API_URL instead of discovered, the issuer is always
 * https://slack.com, and the id_token's signature is checked against Slack's published keys
 * (openid-client skips that for tokens from the token endpoint unless asked).
 */
export function createSlackSignIn(options: SlackSignInOptions) {
  const server: Oidc.ServerMetadata = {
    issuer: SLACK_ISSUER,
    authorization_endpoint: new URL('openid/connect/authorize', options.oidcUrl).href,
    token_endpoint: new URL('openid.connect.token', options.apiUrl).href,
    jwks_uri: new URL('openid/connect/keys', options.oidcUrl).href,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
  };
  let client: Promise<{ oidc: typeof Oidc; config: Oidc.Configuration }> | undefined;

  /** The OpenID Connect library and its configuration, loaded with the first sign-in rather than at start. */
  function relyingParty() {
    client ??= import('openid-client').then((oidc) => {
      const config = new oidc.Configuration(server, options.clientId, options.clientSecret);
      config.timeout = 10;
      const insecure = [server.authorization_endpoint, server.token_endpoint, server.jwks_uri].some((url) =>
        url?.startsWith('http:'),
      );
      if (insecure) oidc.allowInsecureRequests(config);
      oidc.enableNonRepudiationChecks(config);
      return { oidc, config };
    });
    return client;
  }

  return {
    /** Slack's authorize page for a new sign-in; `team` hints the workspace (enforced again on return). */
    async authorizeUrl(state: string, nonce: string, team: string | undefined): Promise<string> {
      const { oidc, config } = await relyingParty();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        ...(team ? { team } : {}),
      }).href;
    },

    /**
     * Trades the code on the callback URL for an id_token and checks it: signature, issuer,
     * audience, expiry, state and nonce, then that the member belongs to `teamId`.
     * @throws SignInRefused saying what was wrong
     */
    async finish(callbackQuery: URLSearchParams, expected: { state: string; nonce: string; teamId: string }) {
      const denied = callbackQuery.get('error');
      if (denied) throw new SignInRefused(`Slack did not sign you in (${denied}).`);
      const currentUrl = new URL(options.redirectUri);
      currentUrl.search = callbackQuery.toString();
      const { oidc, config } = await relyingParty();
      let claims: Oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        const failure = error as OidcFailure;
        const slackError = slackErrorOf(failure);
        if (slackError)
          throw new SignInRefused(`Slack refused the sign-in (${slackError}).`, `openid.connect.token: ${slackError}`);
        throw new SignInRefused(
          'Slack’s answer could not be verified, so you were not signed in.',
          describeFailure(error),
        );
      }
      if (!claims) throw new SignInRefused('Slack sent no identity token.');
      const teamId = claims[TEAM_CLAIM];
      if (teamId !== expected.teamId) {
        throw new SignInRefused(
          'That Slack account belongs to another workspace. Sign in with your account in this workspace.',
          `team ${String(teamId)} is not ${expected.teamId}`,
        );
      }
      const name = typeof claims.name === 'string' && claims.name ? claims.name : claims.sub;
      return { userId: claims.sub, teamId, name } satisfies SignedInMember;
    },
  };
}

export type SlackSignIn = ReturnType<typeof createSlackSignIn>;
