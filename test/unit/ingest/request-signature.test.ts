import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureProblem, signBody } from '../../../src/ingest/request-signature.js';

const SECRET = 'signing-secret';
const NOW = 1_795_510_800;
const BODY = Buffer.from('{"id":"e1","user":"U0ALICE01","input_tokens":1,"output_tokens":2}');

describe('signBody', () => {
  it('is HMAC-SHA256 over "<t>.<body>" as t=<seconds>,v1=<hex>', () => {
    const mac = createHmac('sha256', SECRET).update(`${NOW}.${BODY.toString()}`).digest('hex');
    expect(signBody(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${mac}`);
    expect(signBody(SECRET, NOW, BODY.toString())).toBe(`t=${NOW},v1=${mac}`);
  });
});

describe('signatureProblem', () => {
  it('accepts a good signature, also with surrounding spaces', () => {
    expect(signatureProblem(signBody(SECRET, NOW, BODY), SECRET, BODY, NOW)).toBeUndefined();
    expect(signatureProblem(` ${signBody(SECRET, NOW, BODY)} `, SECRET, BODY, NOW)).toBeUndefined();
  });

  it('accepts a timestamp up to five minutes either side of the server clock, not one second more', () => {
    expect(signatureProblem(signBody(SECRET, NOW - 300, BODY), SECRET, BODY, NOW)).toBeUndefined();
    expect(signatureProblem(signBody(SECRET, NOW + 300, BODY), SECRET, BODY, NOW)).toBeUndefined();
    const stale = "the signature's timestamp is more than 5 minutes from the server's time";
    expect(signatureProblem(signBody(SECRET, NOW - 301, BODY), SECRET, BODY, NOW)).toBe(stale);
    expect(signatureProblem(signBody(SECRET, NOW + 301, BODY), SECRET, BODY, NOW)).toBe(stale);
  });

  it('asks for the header when it is missing or empty', () => {
    const missing = 'this source must sign its requests: send an x-throne-signature header';
    expect(signatureProblem(undefined, SECRET, BODY, NOW)).toBe(missing);
    expect(signatureProblem('', SECRET, BODY, NOW)).toBe(missing);
  });

  it.each([
    ['v1 first', (mac: string) => `v1=${mac},t=${NOW}`],
    ['upper-case hex', (mac: string) => `t=${NOW},v1=${mac.toUpperCase()}`],
    ['a short mac', (mac: string) => `t=${NOW},v1=${mac.slice(2)}`],
    ['a v0 scheme', (mac: string) => `t=${NOW},v0=${mac}`],
    ['a fractional timestamp', (mac: string) => `t=${NOW}.5,v1=${mac}`],
    ['a second signature', (mac: string) => `t=${NOW},v1=${mac},v1=${mac}`],
  ])('explains the format for %s', (_name, header) => {
    const mac = signBody(SECRET, NOW, BODY).slice(-64);
    expect(signatureProblem(header(mac), SECRET, BODY, NOW)).toBe(
      'x-throne-signature must look like t=<unix seconds>,v1=<hex HMAC-SHA256>',
    );
  });

  it('refuses a signature made with another secret, over another body, or for another timestamp', () => {
    const mismatch = 'the signature does not match the body';
    expect(signatureProblem(signBody('other-secret', NOW, BODY), SECRET, BODY, NOW)).toBe(mismatch);
    expect(signatureProblem(signBody(SECRET, NOW, `${BODY.toString()} `), SECRET, BODY, NOW)).toBe(mismatch);
    const mac = signBody(SECRET, NOW, BODY).slice(-64);
    expect(signatureProblem(`t=${NOW - 1},v1=${mac}`, SECRET, BODY, NOW)).toBe(mismatch);
  });
});
