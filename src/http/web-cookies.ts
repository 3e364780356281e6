import type { IncomingMessage } from 'node:http';

/** The session cookie: `__Host-` pins it to this host, path / and HTTPS (localhost counts as secure). */
export const SESSION_COOKIE = '__Host-throne_session';
/** Binds a sign-in in progress to the browser that started it. */
export const LOGIN_COOKIE = '__Host-throne_login';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A Set-Cookie value: HttpOnly, Secure, SameSite=Lax, Path=/; maxAgeSeconds 0 deletes it. */
export function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}
