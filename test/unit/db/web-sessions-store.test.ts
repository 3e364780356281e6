import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTvLinks } from '../../../src/core/tv-links.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createWebSessionsStore } from '../../../src/db/web-sessions-store.js';
import { ThroneError } from '../../../src/errors.js';

function store() {
  const db = openDatabase(':memory:');
  migrate(db);
  return { db, sessions: createWebSessionsStore(db) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('web sessions store', () => {
  it('keeps only the hash of a session token, and forgets a session at its expiry or on sign-out', () => {
    const { db, sessions } = store();
    const token = sessions.openSession({ kind: 'user', userId: 'U0ALICE01', userName: 'Alice' }, 1000, 5000);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(db.prepare('SELECT token_hash FROM web_sessions').pluck().all()).toEqual([sha256(token)]);
    expect(sessions.sessionOf(token, 4999)).toEqual({
      kind: 'user',
      userId: 'U0ALICE01',
      userName: 'Alice',
      expiresAt: 5000,
    });
    expect(sessions.sessionOf(token, 5000)).toBeUndefined();
    expect(sessions.sessionOf(sha256(token), 2000)).toBeUndefined();
    sessions.closeSession(token);
    expect(sessions.sessionOf(token, 2000)).toBeUndefined();
  });

  it('hands a sign-in state back once, and not after it expired', () => {
    const { sessions } = store();
    sessions.saveLoginState('state-1', { nonce: 'n1', returnTo: '/tv' }, 600);
    sessions.saveLoginState('state-2', { nonce: 'n2', returnTo: '/board' }, 600);
    expect(sessions.takeLoginState('state-1', 599)).toEqual({ nonce: 'n1', returnTo: '/tv' });
    expect(sessions.takeLoginState('state-1', 599)).toBeUndefined();
    expect(sessions.takeLoginState('state-2', 600)).toBeUndefined();
  });

  it('numbers unnamed TV links, refuses a taken name, and revoking a link ends its screens', () => {
    const { db, sessions } = store();
    const links = createTvLinks(sessions, 'https://throne.example.com', () => new Date(1000));
    const first = links.create(undefined);
    expect([first.name, links.create(undefined).name]).toEqual(['Screen 1', 'Screen 2']);
    expect(first.url).toMatch(/^https:\/\/throne\.example\.com\/tv\/link\?key=[\w-]{43}$/);
    expect(() => links.create('Screen 1')).toThrow(
      new ThroneError(
        'bad_input',
        'A TV link named "Screen 1" already exists; revoke it first or choose another --name.',
      ),
    );
    expect(() => links.create(' lobby')).toThrow(/--name must not be empty or start or end with spaces/);
    const key = new URL(first.url).searchParams.get('key') ?? '';
    expect(sessions.tvLinkOfKey(key)).toBe('Screen 1');
    expect(db.prepare('SELECT key_hash FROM tv_links WHERE name = ?').pluck().get('Screen 1')).toBe(sha256(key));
    const screen = sessions.openSession({ kind: 'tv', tvLink: 'Screen 1' }, 10, 1_000_000);
    expect(sessions.sessionOf(screen, 20)).toMatchObject({ kind: 'tv', tvLink: 'Screen 1' });
    links.revoke('Screen 1');
    expect(sessions.sessionOf(screen, 20)).toBeUndefined();
    expect(sessions.tvLinkOfKey(key)).toBeUndefined();
    expect(() => links.revoke('Screen 1')).toThrow('No TV link is named "Screen 1". Links: "Screen 2".');
  });
});
