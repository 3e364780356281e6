import type { EventSelection, EventState } from '../fair-play/event-selection.js';
import { dayNumber, daysOfWeek } from '../weeks/day-of.js';
import { DELTA_COLUMNS, DELTA_GROUPS, NAMED_EVENTS, SOURCE_ID, STATE, WEEK_OF_DAY } from './event-sums.js';
import type { Db } from './open-database.js';
import type { TallyDelta } from './tally-deltas.js';

const WHERE: Record<EventSelection['kind'], string> = {
  event: `source_id = ${SOURCE_ID} AND event_id = @eventId`,
  source: `source_id = ${SOURCE_ID} AND occurred_at >= @from AND occurred_at < @to`,
  'person-week': 'user_id = @userId AND day BETWEEN @first AND @last',
  review: 'review_id = @reviewId',
};

type Params = Record<string, string | number>;

function paramsOf(selection: EventSelection): Params {
  if (selection.kind === 'person-week') {
    const days = daysOfWeek(selection.week);
    return { userId: selection.userId, first: dayNumber(days.first), last: dayNumber(days.last) };
  }
  const { kind: _kind, ...params } = selection;
  return params;
}

/** Moves events between counted, held and voided; the caller moves their tallies with them. */
export function createEventStatesStore(db: Db) {
  const kinds = Object.keys(WHERE) as Array<EventSelection['kind']>;
  const sums = new Map(
    kinds.map((kind) => [
      kind,
      db.prepare<Params & { state: number }, TallyDelta>(`
        SELECT ${DELTA_COLUMNS} FROM ${NAMED_EVENTS}
        WHERE ${WHERE[kind]} AND state = @state AND user_id IS NOT NULL
        ${DELTA_GROUPS}`),
    ]),
  );
  const moves = new Map(
    kinds.map((kind) => [
      kind,
      db.prepare<Params & { fromState: number; toState: number }>(
        `UPDATE usage_events SET state = @toState WHERE ${WHERE[kind]} AND state = @fromState`,
      ),
    ]),
  );
  const weeks = new Map(
    kinds.map((kind) => [
      kind,
      db
        .prepare<Params & { state: number }, string>(
          `SELECT DISTINCT ${WEEK_OF_DAY} FROM usage_events AS e WHERE ${WHERE[kind]} AND state = @state`,
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
      statement(sums, selection.kind).all({ ...paramsOf(selection), state: STATE[state] }),
    /** The weeks the selected events in a state fall in. */
    weeks: (selection: EventSelection, state: EventState): string[] =>
      statement(weeks, selection.kind).all({ ...paramsOf(selection), state: STATE[state] }),
    /** Moves the selected events from one state to another; returns how many moved. */
    move: (selection: EventSelection, from: EventState, to: EventState): number =>
      statement(moves, selection.kind).run({ ...paramsOf(selection), fromState: STATE[from], toState: STATE[to] })
        .changes,
  };
}

export type EventStatesStore = ReturnType<typeof createEventStatesStore>;
