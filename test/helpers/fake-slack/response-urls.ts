import { clip } from './reply.js';

/** One POST to a `response_url` handed out by `responseUrl()`. */
export interface RecordedResponse {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export const RESPONSE_PATH_PREFIX = '/respond/';

/** Slash-command and button `response_url`s: each POST to one is recorded for the test to read. */
export function createResponseUrls(baseUrl: () => string) {
  const responses: RecordedResponse[] = [];
  let counter = 0;
  return {
    responses,
    /** A fresh response_url; `name` lets a test find the answer to one request among many. */
    responseUrl(name?: string): string {
      counter += 1;
      return `${baseUrl()}${RESPONSE_PATH_PREFIX}${encodeURIComponent(name ?? String(counter))}`;
    },
    record(path: string, body: Record<string, unknown>): void {
      responses.push({ path, body, at: Date.now() });
    },
    describe(): string[] {
      const lines = responses.map((r) => `  ${r.path} ${clip(r.body)}`);
      return [`responses (${responses.length}):`, ...(lines.length > 0 ? lines : ['  (none)'])];
    },
  };
}
