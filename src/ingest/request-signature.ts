import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-throne-signature';
export const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * The signature a source that signs sends as `X-Throne-Signature: t=<unix seconds>,v1=<hex>`:
 * HMAC-SHA256 with its secret over `<t>.<raw body>`.
 */
export function signBody(secret: string, timestampSeconds: number, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * Checks a request's signature; returns what is wrong with it, or undefined if it is good.
 * The window refuses old captures; a replay inside it only repeats ids, which count once.
 */
export function signatureProblem(
  header: string | undefined,
  secret: string,
  body: Buffer,
  nowSeconds: number,
): string | undefined {
  if (!header) return `this source must sign its requests: send an ${SIGNATURE_HEADER} header`;
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match?.[1] || !match[2]) return `${SIGNATURE_HEADER} must look like t=<unix seconds>,v1=<hex HMAC-SHA256>`;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_WINDOW_SECONDS) {
    return `the signature's timestamp is more than ${SIGNATURE_WINDOW_SECONDS / 60} minutes from the server's time`;
  }
  const expected = Buffer.from(signBody(secret, timestamp, body).slice(-64), 'hex');
  const presented = Buffer.from(match[2], 'hex');
  return timingSafeEqual(expected, presented) ? undefined : 'the signature does not match the body';
}
