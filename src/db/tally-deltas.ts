import type { Db } from './open-database.js';

/** A person's weekly total before and after a write: what badge checks look at. */
export interface TallyChange {
  week: string;
  userId: string;
  before: number;
  after: number;
}

/** Counted usage added to (positive) or taken from (negative) one person's day from one source and model. */
export interface TallyDelta {
  week: string;
  day: string;
  userId: string;
  source: string;
  /** '' for events without a model */
  model: string;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  /** parts of inputTokens, kept for prices */
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** part of outputTokens, kept for breakdowns */
  reasoningTokens: number;
  events: number;
}

/** The same usage with every count negated: applying it takes that usage back out. */
export function negated(delta: TallyDelta): TallyDelta {
  return {
    ...delta,
    tokens: -delta.tokens,
    inputTokens: -delta.inputTokens,
    outputTokens: -delta.outputTokens,
    cacheReadTokens: -delta.cacheReadTokens,
    cacheWriteTokens: -delta.cacheWriteTokens,
    reasoningTokens: -delta.reasoningTokens,
    events: -delta.events,
  };
}

/**
 * The one writer of weekly and daily tallies: ingestion, email attribution, corrections and
 * review decisions all change them here, inside the transaction that changes the events, so
 * tallies stay equal to the sum of counted events. A tally brought down to no events is
 * removed, as if that usage had never arrived.
 */
export function createTallyDeltas(db: Db) {
  // Positional parameters: both upserts run once per person and batch on the ingestion hot path.
  const addToWeek = db
    .prepare<[string, string, number, number, number, number], number>(`
      INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (week, user_id) DO UPDATE SET
        tokens = tokens + excluded.tokens,
        input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        events = events + excluded.events
      RETURNING tokens`)
    .pluck();
  const dropEmptyWeek = db.prepare<{ week: string; userId: string }>(
    'DELETE FROM weekly_tallies WHERE week = @week AND user_id = @userId AND events <= 0',
  );
  const addToDay = db.prepare<[string, string, string, string, ...number[]]>(`
    INSERT INTO daily_tallies (user_id, day, source, model, tokens, events, input_tokens, output_tokens,
      cache_read_tokens, cache_write_tokens, reasoning_tokens)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (user_id, day, source, model) DO UPDATE SET
      tokens = tokens + excluded.tokens, events = events + excluded.events,
      input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
      cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
      reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens`);
  const dropEmptyDay = db.prepare<{ userId: string; day: string; source: string; model: string }>(
    'DELETE FROM daily_tallies WHERE user_id = @userId AND day = @day AND source = @source AND model = @model AND events <= 0',
  );

  /** Applies deltas; returns each person's weekly total before and after, one change per week and person. */
  function apply(deltas: Iterable<TallyDelta>): TallyChange[] {
    const changes: TallyChange[] = [];
    for (const delta of deltas) {
      const { week, userId, day, source, model, tokens, inputTokens, outputTokens, events } = delta;
      const after = addToWeek.get(week, userId, tokens, inputTokens, outputTokens, events) ?? tokens;
      const { cacheReadTokens, cacheWriteTokens, reasoningTokens } = delta;
      addToDay.run(
        userId,
        day,
        source,
        model,
        tokens,
        events,
        inputTokens,
        outputTokens,
        cacheReadTokens,
        cacheWriteTokens,
        reasoningTokens,
      );
      if (events < 0) {
        dropEmptyWeek.run({ week, userId });
        dropEmptyDay.run({ userId, day, source, model });
      }
      changes.push({ week, userId, before: after - tokens, after });
    }
    return mergeTallyChanges(changes);
  }

  return { apply };
}

export type TallyDeltas = ReturnType<typeof createTallyDeltas>;

/** What one event adds to a delta. */
export interface EventTokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  reasoningTokens?: number | null;
}

/** Adds one event's tokens to the delta of its person, day, source and model in `deltas`; returns the delta's key. */
export function addToDelta(
  deltas: Map<string, TallyDelta>,
  key: Pick<TallyDelta, 'week' | 'day' | 'userId' | 'source' | 'model'>,
  event: EventTokens,
): string {
  const id = `${key.week}\u0000${key.day}\u0000${key.userId}\u0000${key.source}\u0000${key.model}`;
  let delta = deltas.get(id);
  if (!delta) {
    const { week, day, userId, source, model } = key;
    delta = {
      week,
      day,
      userId,
      source,
      model,
      tokens: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      events: 0,
    };
    deltas.set(id, delta);
  }
  delta.tokens += event.inputTokens + event.outputTokens;
  delta.inputTokens += event.inputTokens;
  delta.outputTokens += event.outputTokens;
  delta.cacheReadTokens += event.cacheReadTokens ?? 0;
  delta.cacheWriteTokens += event.cacheWriteTokens ?? 0;
  delta.reasoningTokens += event.reasoningTokens ?? 0;
  delta.events += 1;
  return id;
}

/** One change per week and person: the first total before, the last total after. */
export function mergeTallyChanges(changes: TallyChange[]): TallyChange[] {
  const merged = new Map<string, TallyChange>();
  for (const change of changes) {
    const key = `${change.week}\u0000${change.userId}`;
    const earlier = merged.get(key);
    merged.set(key, earlier ? { ...earlier, after: change.after } : change);
  }
  return [...merged.values()];
}
