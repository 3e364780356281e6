import type { EventSelection, EventState } from '../fair-play/event-selection.js';
import type { Db } from './open-database.js';
import type { TallyDelta } from './tally-deltas.js';

const WHERE: Record<EventSelection['kind'], string> = {
  event: 'source = @source AND event_id = @eventId',
  source: 'source = @source AND occurred_at >= @from AND occurred_at < @to',
  'person-week': 'user_id = @userId AND week = @week',
  review: 'review_id = @reviewId',
};

type Params = Record<string, string | number>;

function paramsOf(selection: EventSelection): Params {
  const { kind: _kind, ...params } = selection;
  return params;
}

/** Moves events between counted, held and voided; the caller moves their tallies with them. */
export function createEventStatesStore(db: Db) {
  const kinds = Object.keys(WHERE) as Array<EventSelection['kind']>;
  const sums = new Map(
    kinds.map((kind) => [
      kind,
      db.prepare<Params & { state: EventState }, TallyDelta>(`
        SELECT week, day, user_id AS userId, source, COALESCE(model, '') AS model,
          SUM(input_tokens + output_tokens) AS tokens, SUM(input_tokens) AS inputTokens,
          SUM(output_tokens) AS outputTokens, COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens,
          COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens, COUNT(*) AS events
        FROM usage_events WHERE ${WHERE[kind]} AND state = @state AND user_id IS NOT NULL
        GROUP BY week, day, user_id, source, COALESCE(model, '')`),
    ]),
  );
  const moves = new Map(
    kinds.map((kind) => [
      kind,
      db.prepare<Params & { fromState: EventState; toState: EventState }>(
        `UPDATE usage_events SET state = @toState WHERE ${WHERE[kind]} AND state = @fromState`,
      ),
    ]),
  );
  const weeks = new Map(
    kinds.map((kind) => [
      kind,
      db
        .prepare<Params & { state: EventState }, string>(
          `SELECT DISTINCT week FROM usage_events WHERE ${WHERE[kind]} AND state = @state`,
        )
        .pluck(),
    ]),
  );

  const statement = <T>(map: Map<EventSelection['kind'], T>, kind: EventSelection['kind']): T => {
    const found = map.get(kind);
    if (!found) throw new Error(`no statement for ${kind}`);
    return found;
  };

  return {
    /** The attributed tokens of the selected events in a state, per week, day, person and source. */
    sums: (selection: EventSelection, state: EventState): TallyDelta[] =>
      statement(sums, selection.kind).all({ ...paramsOf(selection), state }),
    /** The weeks the selected events in a state fall in. */
    weeks: (selection: EventSelection, state: EventState): string[] =>
      statement(weeks, selection.kind).all({ ...paramsOf(selection), state }),
    /** Moves the selected events from one state to another; returns how many moved. */
    move: (selection: EventSelection, from: EventState, to: EventState): number =>
      statement(moves, selection.kind).run({ ...paramsOf(selection), fromState: from, toState: to }).changes,
  };
}

export type EventStatesStore = ReturnType<typeof createEventStatesStore>;
