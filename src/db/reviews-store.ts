import type { HeldUsage, Review, ReviewEvidence, ReviewStatus } from '../fair-play/review.js';
import type { Db } from './open-database.js';

type ReviewRow = Omit<Review, 'evidence'> & { evidence: string };

const COLUMNS =
  'id, user_id AS userId, week, day, source, rule, evidence, status, created_at AS createdAt, decided_at AS decidedAt, decided_by AS decidedBy';

/** Usage held for review, and the admins' decisions on it. */
export function createReviewsStore(db: Db) {
  const latestFor = db.prepare<{ userId: string; day: string; source: string }, ReviewRow>(
    `SELECT ${COLUMNS} FROM reviews WHERE user_id = @userId AND day = @day AND source = @source ORDER BY id DESC LIMIT 1`,
  );
  const insert = db
    .prepare<Omit<ReviewRow, 'id' | 'status' | 'decidedAt' | 'decidedBy'>, number>(`
      INSERT INTO reviews (user_id, week, day, source, rule, evidence, status, created_at)
      VALUES (@userId, @week, @day, @source, @rule, @evidence, 'pending', @createdAt) RETURNING id`)
    .pluck();
  const one = db.prepare<[number], ReviewRow>(`SELECT ${COLUMNS} FROM reviews WHERE id = ?`);
  const decide = db.prepare<{ id: number; status: ReviewStatus; actor: string; now: number }>(
    "UPDATE reviews SET status = @status, decided_by = @actor, decided_at = @now WHERE id = @id AND status = 'pending'",
  );
  const pending = db.prepare<[], ReviewRow>(`SELECT ${COLUMNS} FROM reviews WHERE status = 'pending' ORDER BY id`);
  const heldModels = db.prepare<[number], { model: string | null; tokens: number; events: number }>(`
    SELECT model, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events FROM usage_events
    WHERE review_id = ? AND state = 'held' GROUP BY model ORDER BY tokens DESC`);
  const heldOfPerson = db.prepare<{ userId: string; week: string }, { tokens: number; events: number }>(`
    SELECT COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens, COUNT(*) AS events FROM usage_events
    WHERE user_id = @userId AND week = @week AND state = 'held'`);
  const pendingInWeek = db
    .prepare<[string], number>("SELECT COUNT(*) FROM reviews WHERE week = ? AND status = 'pending'")
    .pluck();

  const parse = (row: ReviewRow): Review => ({ ...row, evidence: JSON.parse(row.evidence) as ReviewEvidence });

  return {
    /** The newest review of a person's day from a source, whatever its status. */
    latestFor(userId: string, day: string, source: string): Review | undefined {
      const row = latestFor.get({ userId, day, source });
      return row ? parse(row) : undefined;
    },
    create(review: Omit<Review, 'id' | 'status' | 'decidedAt' | 'decidedBy'>): number {
      const id = insert.get({ ...review, evidence: JSON.stringify(review.evidence) });
      if (id === undefined) throw new Error('the new review has no id');
      return id;
    },
    get(id: number): Review | undefined {
      const row = one.get(id);
      return row ? parse(row) : undefined;
    },
    /** Records a decision; false if the review was already decided (a second press changes nothing). */
    decide: (id: number, status: 'approved' | 'rejected', actor: string, now: number): boolean =>
      decide.run({ id, status, actor, now }).changes === 1,
    pending: (): Review[] => pending.all().map(parse),
    held(id: number): HeldUsage {
      const models = heldModels.all(id);
      return {
        tokens: models.reduce((sum, row) => sum + row.tokens, 0),
        events: models.reduce((sum, row) => sum + row.events, 0),
        models: models.map(({ model, tokens }) => ({ model, tokens })),
      };
    },
    /** A person's usage waiting for review in a week. */
    heldOf: (userId: string, week: string): { tokens: number; events: number } =>
      heldOfPerson.get({ userId, week }) ?? { tokens: 0, events: 0 },
    pendingCount: (week: string): number => pendingInWeek.get(week) ?? 0,
  };
}

export type ReviewsStore = ReturnType<typeof createReviewsStore>;
