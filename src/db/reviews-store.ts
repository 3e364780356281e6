import type { HeldUsage, Review, ReviewEvidence, ReviewStatus } from '../fair-play/review.js';
import { STATE } from './event-sums.js';
import type { Db } from './open-database.js';
import { holdKey } from './usage-store.js';

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
  const pendingKeys = db.prepare<[], { id: number; userId: string; day: string; source: string }>(
    "SELECT id, user_id AS userId, day, source FROM reviews WHERE status = 'pending' ORDER BY id",
  );
  const heldModels = db.prepare<[number], { model: string | null; tokens: number; events: number }>(`
    SELECT m.name AS model, SUM(e.input_tokens + e.output_tokens) AS tokens, COUNT(*) AS events
    FROM usage_events AS e LEFT JOIN event_models AS m ON m.id = e.model_id
    WHERE e.review_id = ? AND e.state = ${STATE.held} GROUP BY e.model_id ORDER BY tokens DESC`);
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
    /** The pending reviews by holdKey(): new usage of their person, day and source joins them. */
    pendingKeys(): Map<string, number> {
      return new Map(pendingKeys.all().map((row) => [holdKey(row.userId, row.day, row.source), row.id]));
    },
    pendingCount: (week: string): number => pendingInWeek.get(week) ?? 0,
  };
}

export type ReviewsStore = ReturnType<typeof createReviewsStore>;
