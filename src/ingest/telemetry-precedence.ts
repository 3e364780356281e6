/**
 * Where a coding agent's usage came from: a per-request event (a log record such as Claude Code's
 * `claude_code.api_request`) or an aggregate (a token metric summing requests over a window).
 */
export interface TelemetryOrigin {
  agent: CodingAgent;
  signal: 'request' | 'aggregate';
}

export type CodingAgent = 'claude_code' | 'gemini_cli' | 'codex';

/** One item of a write that came from a coding agent, and the person (or anonymous id) it names. */
export interface TelemetryItem {
  origin: TelemetryOrigin;
  userRef: string;
}

/**
 * The rule that makes usage reported twice (as per-request events and as aggregate metrics)
 * count once: per source, agent and person, once per-request events have been seen, aggregate
 * metrics add nothing. Until then, aggregates count, so an agent that exports metrics alone is
 * still credited. An aggregate that names nobody (`unnamed`: Codex's metrics carry no person)
 * gives way to the agent's events for anyone on the source.
 *
 * `requestsSeen(agent, userRef)` tells whether the scope had per-request events before this
 * write (for `unnamed`: whether any person had); per-request events in the write itself count as
 * seen too.
 *
 * @returns for each item whether it is credited, and the scopes seen for the first time
 * @example
 * creditedTelemetry([{ origin: { agent: 'codex', signal: 'request' }, userRef: 'a@x.io' },
 *   { origin: { agent: 'codex', signal: 'aggregate' }, userRef: 'a@x.io' }], () => false, 'anon:unnamed')
 * //=> { credited: [true, false], firstSeen: [{ agent: 'codex', userRef: 'a@x.io' }] }
 */
export function creditedTelemetry(
  items: readonly TelemetryItem[],
  requestsSeen: (agent: CodingAgent, userRef: string) => boolean,
  unnamed: string,
): { credited: boolean[]; firstSeen: Array<{ agent: CodingAgent; userRef: string }> } {
  const seenNow = new Set<string>();
  const firstSeen: Array<{ agent: CodingAgent; userRef: string }> = [];
  const key = (agent: string, userRef: string) => `${agent}\u0000${userRef}`;
  for (const { origin, userRef } of items) {
    if (origin.signal !== 'request' || seenNow.has(key(origin.agent, userRef))) continue;
    seenNow.add(key(origin.agent, userRef));
    seenNow.add(key(origin.agent, unnamed));
    if (!requestsSeen(origin.agent, userRef)) firstSeen.push({ agent: origin.agent, userRef });
  }
  const credited = items.map(
    ({ origin, userRef }) =>
      origin.signal === 'request' || !(seenNow.has(key(origin.agent, userRef)) || requestsSeen(origin.agent, userRef)),
  );
  return { credited, firstSeen };
}
