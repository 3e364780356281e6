import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './open-database.js';

/** A fresh secret for a browser: 256 bits from the CSPRNG, URL- and cookie-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored in place of a secret handed to a browser. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export type WebSession =
  | { kind: 'user'; userId: string; userName: string; expiresAt: number }
  | { kind: 'tv'; tvLink: string; expiresAt: number };

export interface LoginState {
  nonce: string;
  returnTo: string;
}

interface SessionRow {
  kind: 'user' | 'tv';
  userId: string | null;
  userName: string | null;
  tvLink: string | null;
  expiresAt: number;
}

/** Web sign-ins in progress, sessions and TV links; every secret is looked up by its hash. */
export function createWebSessionsStore(db: Db) {
  const insertState = db.prepare<{ stateHash: string; nonce: string; returnTo: string; expiresAt: number }>(
    'INSERT INTO web_login_states (state_hash, nonce, return_to, expires_at) VALUES (@stateHash, @nonce, @returnTo, @expiresAt)',
  );
  const takeState = db.prepare<{ stateHash: string; now: number }, { nonce: string; returnTo: string }>(
    'DELETE FROM web_login_states WHERE state_hash = @stateHash AND expires_at > @now RETURNING nonce, return_to AS returnTo',
  );
  const insertSession = db.prepare<{
    tokenHash: string;
    kind: 'user' | 'tv';
    userId: string | null;
    userName: string | null;
    tvLink: string | null;
    now: number;
    expiresAt: number;
  }>(`INSERT INTO web_sessions (token_hash, kind, user_id, user_name, tv_link, created_at, expires_at)
      VALUES (@tokenHash, @kind, @userId, @userName, @tvLink, @now, @expiresAt)`);
  const session = db.prepare<{ tokenHash: string; now: number }, SessionRow>(`
    SELECT kind, user_id AS userId, user_name AS userName, tv_link AS tvLink, expires_at AS expiresAt
    FROM web_sessions WHERE token_hash = @tokenHash AND expires_at > @now`);
  const deleteSession = db.prepare<[string]>('DELETE FROM web_sessions WHERE token_hash = ?');
  const purge = db.prepare<{ now: number }>('DELETE FROM web_sessions WHERE expires_at <= @now');
  const purgeStates = db.prepare<{ now: number }>('DELETE FROM web_login_states WHERE expires_at <= @now');
  const insertLink = db.prepare<{ name: string; keyHash: string; now: number }>(
    'INSERT INTO tv_links (name, key_hash, created_at) VALUES (@name, @keyHash, @now) ON CONFLICT (name) DO NOTHING',
  );
  const linkByKey = db.prepare<[string], string>('SELECT name FROM tv_links WHERE key_hash = ?').pluck();
  const deleteLink = db.prepare<[string]>('DELETE FROM tv_links WHERE name = ?');
  const links = db.prepare<[], { name: string; createdAt: number }>(
    'SELECT name, created_at AS createdAt FROM tv_links ORDER BY name',
  );

  return {
    /** Remembers a sign-in about to leave for Slack, under the hash of its state. */
    saveLoginState(state: string, login: LoginState, expiresAt: number): void {
      insertState.run({ stateHash: hashSecret(state), ...login, expiresAt });
    },
    /** The sign-in a state belongs to, removed so it can be used once; undefined if unknown or expired. */
    takeLoginState: (state: string, now: number): LoginState | undefined =>
      takeState.get({ stateHash: hashSecret(state), now }),
    /** Opens a session and returns the token for the cookie (only its hash is kept). */
    openSession(
      owner: { kind: 'user'; userId: string; userName: string } | { kind: 'tv'; tvLink: string },
      now: number,
      expiresAt: number,
    ): string {
      const token = newSecret();
      insertSession.run({
        tokenHash: hashSecret(token),
        kind: owner.kind,
        userId: owner.kind === 'user' ? owner.userId : null,
        userName: owner.kind === 'user' ? owner.userName : null,
        tvLink: owner.kind === 'tv' ? owner.tvLink : null,
        now,
        expiresAt,
      });
      return token;
    },
    sessionOf(token: string, now: number): WebSession | undefined {
      const row = session.get({ tokenHash: hashSecret(token), now });
      if (!row) return undefined;
      if (row.kind === 'tv') return { kind: 'tv', tvLink: row.tvLink ?? '', expiresAt: row.expiresAt };
      return { kind: 'user', userId: row.userId ?? '', userName: row.userName ?? '', expiresAt: row.expiresAt };
    },
    closeSession(token: string): void {
      deleteSession.run(hashSecret(token));
    },
    /** Drops expired sessions and abandoned sign-ins. */
    purgeExpired(now: number): void {
      purge.run({ now });
      purgeStates.run({ now });
    },
    /** Creates a TV link; false if one with that name exists. */
    createTvLink: (name: string, key: string, now: number): boolean =>
      insertLink.run({ name, keyHash: hashSecret(key), now }).changes === 1,
    tvLinkOfKey: (key: string): string | undefined => linkByKey.get(hashSecret(key)),
    /** Revokes a TV link and ends every screen session it opened; false if there was none. */
    revokeTvLink: (name: string): boolean => deleteLink.run(name).changes === 1,
    tvLinks: (): Array<{ name: string; createdAt: number }> => links.all(),
  };
}

export type WebSessionsStore = ReturnType<typeof createWebSessionsStore>;
