import { describe, expect, it } from 'vitest';
import { type CodingAgent, creditedTelemetry, type TelemetryItem } from '../../../src/ingest/telemetry-precedence.js';

const UNNAMED = 'anon:unnamed';
const request = (userRef: string, agent: CodingAgent = 'claude_code'): TelemetryItem => ({
  origin: { agent, signal: 'request' },
  userRef,
});
const aggregate = (userRef: string, agent: CodingAgent = 'claude_code'): TelemetryItem => ({
  origin: { agent, signal: 'aggregate' },
  userRef,
});

describe('which of a coding agent’s signals is credited', () => {
  it('credits aggregates until per-request events are seen for that agent and person', () => {
    expect(creditedTelemetry([aggregate('a@x.io')], () => false, UNNAMED)).toEqual({ credited: [true], firstSeen: [] });
  });

  it('credits events always, and not the aggregates of a scope whose events were seen before', () => {
    const seen = (agent: CodingAgent, userRef: string) => agent === 'codex' && userRef === 'a@x.io';
    const items = [aggregate('a@x.io', 'codex'), request('a@x.io', 'codex'), aggregate('b@x.io', 'codex')];
    expect(creditedTelemetry(items, seen, UNNAMED)).toEqual({ credited: [false, true, true], firstSeen: [] });
  });

  it('counts events of the same write as seen, and reports each new scope once', () => {
    const items = [aggregate('a@x.io'), request('a@x.io'), request('a@x.io'), aggregate('a@x.io', 'gemini_cli')];
    expect(creditedTelemetry(items, () => false, UNNAMED)).toEqual({
      credited: [false, true, true, true],
      firstSeen: [{ agent: 'claude_code', userRef: 'a@x.io' }],
    });
  });

  it('lets an aggregate that names nobody give way to the agent’s events for anyone', () => {
    const items = [request('a@x.io', 'codex'), aggregate(UNNAMED, 'codex'), aggregate(UNNAMED)];
    expect(creditedTelemetry(items, () => false, UNNAMED).credited).toEqual([true, false, true]);
  });
});
