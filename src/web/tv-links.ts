import { newSecret, type WebSessionsStore } from '../db/web-sessions-store.js';

const MAX_NAME = 60;

/** Why a TV link name cannot be used, or undefined when it can. */
export function tvLinkNameProblem(name: string): string | undefined {
  if (name.trim() !== name || name.length === 0) return 'must not be empty or start or end with spaces';
  if (name.length > MAX_NAME) return `must be at most ${MAX_NAME} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must not contain control characters';
  return undefined;
}

export type TvLinkResult = { ok: true; name: string; url: string } | { ok: false; problem: string };

/**
 * Mints a view-only link for a screen: `PUBLIC_URL/tv/link?key=…`. Only the key's hash is
 * stored, so the link is shown once. Without a name the screens are numbered.
 */
export function createTvLink(
  sessions: WebSessionsStore,
  publicUrl: string,
  name: string | undefined,
  now: number,
): TvLinkResult {
  const taken = new Set(sessions.tvLinks().map((link) => link.name));
  let chosen = name;
  for (let number = 1; chosen === undefined; number += 1) {
    if (!taken.has(`Screen ${number}`)) chosen = `Screen ${number}`;
  }
  const problem = tvLinkNameProblem(chosen);
  if (problem) return { ok: false, problem: `--name ${problem}` };
  const key = newSecret();
  if (!sessions.createTvLink(chosen, key, now)) {
    return {
      ok: false,
      problem: `A TV link named "${chosen}" already exists; revoke it first or choose another --name.`,
    };
  }
  return { ok: true, name: chosen, url: `${publicUrl}/tv/link?key=${key}` };
}
