import type { Clock } from '../clock.js';
import { newSecret, type WebSessionsStore } from '../db/web-sessions-store.js';
import { ThroneError } from '../errors.js';

const MAX_NAME = 60;

/** Why a TV link name cannot be used, or undefined when it can. */
export function tvLinkNameProblem(name: string): string | undefined {
  if (name.trim() !== name || name.length === 0) return 'must not be empty or start or end with spaces';
  if (name.length > MAX_NAME) return `must be at most ${MAX_NAME} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must not contain control characters';
  return undefined;
}

/**
 * View-only links for office screens: `PUBLIC_URL/tv/link?key=…`. Only the key's hash is stored,
 * so a link is shown once; revoking one ends every screen session it opened.
 */
export function createTvLinks(sessions: WebSessionsStore, publicUrl: string, clock: Clock) {
  return {
    /** A new link under `name`, or the first free "Screen N". */
    create(name: string | undefined): { name: string; url: string } {
      const taken = new Set(sessions.tvLinks().map((link) => link.name));
      let chosen = name;
      for (let number = 1; chosen === undefined; number += 1) {
        if (!taken.has(`Screen ${number}`)) chosen = `Screen ${number}`;
      }
      const problem = tvLinkNameProblem(chosen);
      if (problem) throw new ThroneError('bad_input', `--name ${problem}`);
      const key = newSecret();
      if (!sessions.createTvLink(chosen, key, clock().getTime())) {
        throw new ThroneError(
          'bad_input',
          `A TV link named "${chosen}" already exists; revoke it first or choose another --name.`,
        );
      }
      return { name: chosen, url: `${publicUrl}/tv/link?key=${key}` };
    },
    revoke(name: string): void {
      if (sessions.revokeTvLink(name)) return;
      const names = sessions.tvLinks().map((link) => `"${link.name}"`);
      throw new ThroneError(
        'not_found',
        `No TV link is named "${name}". ${names.length > 0 ? `Links: ${names.join(', ')}.` : 'There are no TV links.'}`,
      );
    },
  };
}
