import type { AuditEntry, StoredAuditEntry, TotalEffect } from '../fair-play/audit-entry.js';
import type { Db } from './open-database.js';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: AuditEntry['action'];
  target: string;
  reason: string;
  events: number;
  effects: string;
  closedWeeks: string;
}

const COLUMNS = 'a.id, a.at, a.actor, a.action, a.target, a.reason, a.events, a.effects, a.closed_weeks AS closedWeeks';

/** The append-only audit log (the database refuses updates and deletes of it). */
export function createAuditStore(db: Db) {
  const insert = db
    .prepare<Omit<AuditRow, 'id'>, number>(`
      INSERT INTO audit_log (at, actor, action, target, reason, events, effects, closed_weeks)
      VALUES (@at, @actor, @action, @target, @reason, @events, @effects, @closedWeeks) RETURNING id`)
    .pluck();
  const insertWeek = db.prepare<{ id: number; week: string }>(
    'INSERT OR IGNORE INTO audit_log_weeks (audit_id, week) VALUES (@id, @week)',
  );
  const latest = db.prepare<{ limit: number }, AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log AS a ORDER BY a.id DESC LIMIT @limit`,
  );
  const ofWeek = db.prepare<{ week: string; limit: number }, AuditRow>(`
    SELECT ${COLUMNS} FROM audit_log AS a JOIN audit_log_weeks AS w ON w.audit_id = a.id
    WHERE w.week = @week ORDER BY a.id DESC LIMIT @limit`);

  const parse = (row: AuditRow): StoredAuditEntry => ({
    ...row,
    effects: JSON.parse(row.effects) as TotalEffect[],
    closedWeeks: JSON.parse(row.closedWeeks) as string[],
  });

  return {
    /** Appends an entry, indexed under every week it changed. Call in the transaction of the change. */
    append(entry: AuditEntry, weeks: Iterable<string>): number {
      const id = insert.get({
        ...entry,
        effects: JSON.stringify(entry.effects),
        closedWeeks: JSON.stringify(entry.closedWeeks),
      });
      if (id === undefined) throw new Error('the audit log did not return the new entry');
      for (const week of weeks) insertWeek.run({ id, week });
      return id;
    },
    /** The newest entries first: all of them, or those that changed the given week. */
    list(week: string | undefined, limit: number): StoredAuditEntry[] {
      return (week === undefined ? latest.all({ limit }) : ofWeek.all({ week, limit })).map(parse);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
