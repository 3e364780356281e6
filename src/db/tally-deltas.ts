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
  events: number;
}

/**
 * The one writer of weekly and daily tallies: ingestion, email attribution, corrections and
 * review decisions all change them here, inside the transaction that changes the events, so
 * tallies stay equal to the sum of counted events. A tally brought down to no events is
 * removed, as if that usage had never arrived.
 */
export function createTallyDeltas(db: Db) {
  const addToWeek = db
    .prepare<Omit<TallyDelta, 'day' | 'source' | 'model'>, number>(`
      INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events)
      VALUES (@week, @userId, @tokens, @inputTokens, @outputTokens, @events)
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
  const addToDay = db.prepare<{
    userId: string;
    day: string;
    source: string;
    model: string;
    tokens: number;
    events: number;
  }>(`
    INSERT INTO daily_tallies (user_id, day, source, model, tokens, events)
    VALUES (@userId, @day, @source, @model, @tokens, @events)
    ON CONFLICT (user_id, day, source, model) DO UPDATE SET
      tokens = tokens + excluded.tokens, events = events + excluded.events`);
  const dropEmptyDay = db.prepare<{ userId: string; day: string; source: string; model: string }>(
    'DELETE FROM daily_tallies WHERE user_id = @userId AND day = @day AND source = @source AND model = @model AND events <= 0',
  );

  /** Applies deltas; returns each person's weekly total before and after, one change per week and person. */
  function apply(deltas: Iterable<TallyDelta>): TallyChange[] {
    const changes: TallyChange[] = [];
    for (const delta of deltas) {
      const { week, userId, day, source, model, tokens, inputTokens, outputTokens, events } = delta;
      const after = addToWeek.get({ week, userId, tokens, inputTokens, outputTokens, events }) ?? tokens;
      addToDay.run({ userId, day, source, model, tokens, events });
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

/** Adds one event's tokens to the delta of its person, day, source and model in `deltas`; returns the delta's key. */
export function addToDelta(
  deltas: Map<string, TallyDelta>,
  key: Omit<TallyDelta, 'tokens' | 'inputTokens' | 'outputTokens' | 'events'>,
  inputTokens: number,
  outputTokens: number,
): string {
  const id = `${key.week}\u0000${key.day}\u0000${key.userId}\u0000${key.source}\u0000${key.model}`;
  let delta = deltas.get(id);
  if (!delta) {
    const { week, day, userId, source, model } = key;
    delta = { week, day, userId, source, model, tokens: 0, inputTokens: 0, outputTokens: 0, events: 0 };
    deltas.set(id, delta);
  }
  delta.tokens += inputTokens + outputTokens;
  delta.inputTokens += inputTokens;
  delta.outputTokens += outputTokens;
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
