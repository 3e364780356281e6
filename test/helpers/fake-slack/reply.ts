import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the fake Slack answers to one HTTP request. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** `{ ok: true, ... }`, as every successful Web API method answers. */
export const ok = (body: Record<string, unknown> = {}): Reply => ({ status: 200, body: { ok: true, ...body } });

/** `{ ok: false, error }` with HTTP 200, as Slack reports a refused call. */
export const slackError = (code: string): Reply => ({ status: 200, body: { ok: false, error: code } });

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

/** A JSON object body as sent, or the raw text under `_body` when it is something else. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw) : {};
    return isRecord(parsed) ? parsed : { _body: parsed };
  } catch {
    return { _body: raw };
  }
}

export function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
