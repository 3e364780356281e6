import type { Db } from './open-database.js';

export interface OutboxMessage {
  /** one message per key, ever: queueing the same key again is a no-op */
  key: string;
  kind: 'badge_dm' | 'winners_post' | 'token_lord_dm' | 'review_post' | 'recap_dm' | 'shared_card';
  channel?: string;
  userId?: string;
  text: string;
  blocks?: unknown[];
  /** a picture shared with the message (the podium card) */
  file?: OutboxFile;
}

export interface OutboxFile {
  name: string;
  title: string;
  bytes: Buffer;
}

export interface OutboxRow {
  id: number;
  kind: string;
  channel: string | null;
  userId: string | null;
  text: string;
  blocks: string | null;
  attempts: number;
  fileName: string | null;
  fileTitle: string | null;
  fileBytes: Buffer | null;
}

export interface OutboxCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

/** The durable queue of messages for Slack. */
export function createOutboxStore(db: Db) {
  const insert = db.prepare<Record<string, string | number | Buffer | null>>(`
    INSERT INTO outbox (dedupe_key, kind, channel, user_id, text, blocks, file_name, file_title, file_bytes,
      status, next_attempt_at, created_at)
    VALUES (@key, @kind, @channel, @userId, @text, @blocks, @fileName, @fileTitle, @fileBytes, 'pending', @now, @now)
    ON CONFLICT (dedupe_key) DO NOTHING`);
  // One statement claims: a second sender (another process) can't claim the same rows.
  const claim = db.prepare<{ now: number; leaseUntil: number; limit: number }, OutboxRow>(`
    UPDATE outbox SET status = 'sending', lease_until = @leaseUntil, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until <= @now)
      ORDER BY id LIMIT @limit
    )
    RETURNING id, kind, channel, user_id AS userId, text, blocks, attempts,
      file_name AS fileName, file_title AS fileTitle, file_bytes AS fileBytes`);
  // A delivered picture is in Slack (or, in local mode, in its file): the row keeps what was said, not the picture.
  const sent = db.prepare<{ id: number; ts: string; now: number }>(`
    UPDATE outbox SET status = 'sent', slack_ts = @ts, sent_at = @now, lease_until = NULL, last_error = NULL,
      file_bytes = NULL
    WHERE id = @id`);
  const retry = db.prepare<{ id: number; nextAttemptAt: number; error: string; uncount: number }>(`
    UPDATE outbox SET status = 'pending', next_attempt_at = @nextAttemptAt, lease_until = NULL, last_error = @error,
      attempts = attempts - @uncount
    WHERE id = @id`);
  const failed = db.prepare<{ id: number; error: string }>(
    "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = @error WHERE id = @id",
  );
  const counts = db.prepare<[], { status: keyof OutboxCounts; count: number }>(
    'SELECT status, COUNT(*) AS count FROM outbox GROUP BY status',
  );
  const nextPending = db
    .prepare<[], number | null>("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")
    .pluck();

  return {
    /** Queues a message; returns false if its key was queued before. Call inside the causing transaction. */
    enqueue(message: OutboxMessage, now: number): boolean {
      const row = {
        key: message.key,
        kind: message.kind,
        channel: message.channel ?? null,
        userId: message.userId ?? null,
        text: message.text,
        blocks: message.blocks ? JSON.stringify(message.blocks) : null,
        fileName: message.file?.name ?? null,
        fileTitle: message.file?.title ?? null,
        fileBytes: message.file?.bytes ?? null,
        now,
      };
      return insert.run(row).changes === 1;
    },
    /** Claims due messages (and ones whose sender died mid-delivery) for `leaseMs`. */
    claimDue: (now: number, leaseMs: number, limit: number): OutboxRow[] =>
      claim.all({ now, leaseUntil: now + leaseMs, limit }),
    markSent: (id: number, ts: string, now: number): void => {
      sent.run({ id, ts, now });
    },
    /** Back to pending; `countsAsAttempt: false` gives back the attempt its claim counted (a 429). */
    markRetry: (id: number, nextAttemptAt: number, error: string, countsAsAttempt = true): void => {
      retry.run({ id, nextAttemptAt, error, uncount: countsAsAttempt ? 0 : 1 });
    },
    markFailed: (id: number, error: string): void => {
      failed.run({ id, error });
    },
    counts(): OutboxCounts {
      const result = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const row of counts.all()) result[row.status] = row.count;
      return result;
    },
    /**
     * When the earliest waiting message may next be tried. Messages another sender is
     * delivering right now (claimed, lease running) are its business, not counted here.
     */
    nextPendingAt: (): number | undefined => nextPending.get() ?? undefined,
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
