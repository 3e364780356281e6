import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STATIC_DIR = fileURLToPath(new URL('../../static/', import.meta.url));
const TYPES = { 'board.css': 'text/css; charset=utf-8', 'live.js': 'text/javascript; charset=utf-8' } as const;

export interface StaticAsset {
  body: Buffer;
  type: string;
}

/** The board's stylesheet and script, read once, with URLs that change when their content does. */
export function loadStaticAssets(dir: string = STATIC_DIR) {
  const files = new Map<string, StaticAsset>();
  const urls: Record<string, string> = {};
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(`${dir}/${name}`);
    files.set(name, { body, type });
    urls[name] = `/static/${name}?v=${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
  }
  return {
    urls: { css: urls['board.css'] ?? '', js: urls['live.js'] ?? '' },
    get: (name: string): StaticAsset | undefined => files.get(name),
  };
}

export type StaticAssets = ReturnType<typeof loadStaticAssets>;
