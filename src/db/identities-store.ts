import type { Db } from './open-database.js';

export interface DueEmail {
  email: string;
  attempts: number;
}

/** The email → Slack user cache: one lookup per email, remembered across restarts. */
export function createIdentitiesStore(db: Db) {
  const resolved = db
    .prepare<[string], string>("SELECT user_id FROM email_identities WHERE email = ? AND status = 'resolved'")
    .pluck();
  const insertPending = db.prepare<{ email: string; now: number }>(`
    INSERT INTO email_identities (email, user_id, status, attempts, next_attempt_at, updated_at)
    VALUES (@email, NULL, 'pending', 0, @now, @now)
    ON CONFLICT (email) DO NOTHING`);
  const due = db.prepare<{ now: number; limit: number }, DueEmail>(`
    SELECT email, attempts FROM email_identities
    WHERE status != 'resolved' AND next_attempt_at <= @now
    ORDER BY next_attempt_at LIMIT @limit`);
  const setResolved = db.prepare<{ email: string; userId: string; now: number }>(`
    UPDATE email_identities SET user_id = @userId, status = 'resolved', attempts = attempts + 1, updated_at = @now
    WHERE email = @email`);
  const setRetry = db.prepare<{ email: string; status: string; nextAttemptAt: number; now: number }>(`
    UPDATE email_identities SET status = @status, attempts = attempts + 1, next_attempt_at = @nextAttemptAt,
      updated_at = @now
    WHERE email = @email`);

  return {
    /** The Slack user an email resolved to, if it has. */
    resolvedUserFor: (email: string): string | undefined => resolved.get(email),
    /** Remembers an email to look up; a no-op if it is already known. */
    markPending: (email: string, now: number): void => {
      insertPending.run({ email, now });
    },
    dueEmails: (now: number, limit: number): DueEmail[] => due.all({ now, limit }),
    markResolved: (email: string, userId: string, now: number): void => {
      setResolved.run({ email, userId, now });
    },
    /** Not found (the person may join later) or a failed lookup: try again at nextAttemptAt. */
    markRetry: (email: string, status: 'pending' | 'not_found', nextAttemptAt: number, now: number): void => {
      setRetry.run({ email, status, nextAttemptAt, now });
    },
  };
}

export type IdentitiesStore = ReturnType<typeof createIdentitiesStore>;
