import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/otlp/${name}`, import.meta.url), 'utf8');

interface Expected {
  path: string;
  /** null: the telemetry names nobody, so it waits for the operator */
  person: string | null;
  /** the answer to the first post, and to the same body sent again */
  firstAnswer: { accepted: number; duplicates: number };
  retryAnswer: { accepted: number; duplicates: number };
  tokens: number;
  inputTokens: number;
  outputTokens: number;
}

const EXPECTED = JSON.parse(fixture('agents-expected.json')) as Record<string, Expected>;

describe("each coding agent's token events and metrics, as their sources shape them", () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  it.each(Object.entries(EXPECTED))(
    '%s gives the credit it must, once however often it is sent',
    async (file, expected) => {
      running = await startApp(tempDir(), {}, () => NOW);
      const post = async () => {
        const response = await fetch(`${running.url}${expected.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...GATEWAY_AUTH },
          body: fixture(file),
        });
        return { status: response.status, body: await response.json() };
      };
      expect(await post()).toEqual({ status: 202, body: expected.firstAnswer });
      expect(await post()).toEqual({ status: 202, body: expected.retryAnswer });
      const { tokens, inputTokens, outputTokens } = expected;
      if (expected.person === null) {
        expect(running.core.stores.anonymousPeople.unmapped()).toMatchObject([
          { anonymousRef: 'anon:unnamed', tokens },
        ]);
      } else {
        expect(running.core.stores.tallies.tallyOf('2026-W48', expected.person)).toMatchObject({
          tokens,
          inputTokens,
          outputTokens,
        });
      }
    },
  );
});
