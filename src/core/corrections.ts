import type { Clock } from '../clock.js';
import type { AuditStore } from '../db/audit-store.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { EventStatesStore } from '../db/event-states-store.js';
import type { Db } from '../db/open-database.js';
import { negated, type TallyChange, type TallyDeltas } from '../db/tally-deltas.js';
import { ThroneError } from '../errors.js';
import type { AuditEntry, CorrectionResult, TotalEffect } from '../fair-play/audit-entry.js';
import { describeSelection, type EventSelection } from '../fair-play/event-selection.js';

/** Who made a change: an admin in Slack, or the operator's command line. */
export type Actor = { kind: 'slack'; userId: string } | { kind: 'cli' };

export const actorName = (actor: Actor): string => (actor.kind === 'cli' ? 'cli' : actor.userId);

export interface CorrectionsOptions {
  db: Db;
  eventStates: EventStatesStore;
  tallies: TallyDeltas;
  audit: AuditStore;
  crowns: CrownsStore;
  admins: ReadonlySet<string>;
  clock: Clock;
}

const MAX_REASON = 500;

/** Refuses anyone who is not an admin (the command line always may). */
export function requireAdmin(admins: ReadonlySet<string>, actor: Actor): void {
  if (actor.kind === 'slack' && !admins.has(actor.userId)) {
    throw new ThroneError(
      'forbidden',
      `Only admins (ADMIN_USERS) can correct usage or decide reviews; ${actor.userId} is not one.`,
    );
  }
}

/** A reason is required and kept short enough to read in a list. */
export function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length === 0) throw new ThroneError('bad_input', 'A reason is required: say why, for the audit log.');
  if (trimmed.length > MAX_REASON)
    throw new ThroneError('bad_input', `The reason is too long (at most ${MAX_REASON} characters).`);
  return trimmed;
}

export const effectsOf = (changes: TallyChange[]): TotalEffect[] =>
  changes.map(({ week, userId, before, after }) => ({ week, userId, before, after }));

/**
 * Voids and restores usage. Each correction moves its events, their tallies and its audit
 * entry in one transaction, so tallies stay equal to the counted events and no correction
 * exists without its record. A closed week's tallies change, its crown does not.
 */
export function createCorrections(options: CorrectionsOptions) {
  const { db, eventStates, tallies, audit, crowns, admins, clock } = options;

  const correct = db.transaction(
    (action: 'void' | 'restore', selection: EventSelection, actor: Actor, reason: string): CorrectionResult => {
      const voiding = action === 'void';
      const counted = voiding ? eventStates.sums(selection, 'counted') : [];
      const voided = voiding ? [] : eventStates.sums(selection, 'voided');
      const weeks = new Set([
        ...eventStates.weeks(selection, voiding ? 'counted' : 'voided'),
        ...(voiding ? eventStates.weeks(selection, 'held') : []),
      ]);
      const moved = voiding
        ? eventStates.move(selection, 'counted', 'voided') + eventStates.move(selection, 'held', 'voided')
        : eventStates.move(selection, 'voided', 'counted');
      if (moved === 0) {
        throw new ThroneError(
          'bad_input',
          `Nothing to ${action}: no ${voiding ? 'counted or held' : 'voided'} usage matches ${describeSelection(selection)}.`,
        );
      }
      const changes = tallies.apply(voiding ? counted.map(negated) : voided);
      const entry: AuditEntry = {
        at: clock().getTime(),
        actor: actorName(actor),
        action,
        target: describeSelection(selection),
        reason,
        events: moved,
        effects: effectsOf(changes),
        closedWeeks: [...weeks].filter((week) => crowns.isClosed(week)).sort(),
      };
      const auditId = audit.append(entry, weeks);
      return { auditId, events: moved, effects: entry.effects, closedWeeks: entry.closedWeeks };
    },
  );

  function run(action: 'void' | 'restore', selection: EventSelection, actor: Actor, reason: string | undefined) {
    requireAdmin(admins, actor);
    return correct.immediate(action, selection, actor, requireReason(reason));
  }

  return {
    /** Takes the selected usage out of every tally (held usage too); it stays stored. */
    void: (selection: EventSelection, actor: Actor, reason: string | undefined) =>
      run('void', selection, actor, reason),
    /** Counts voided usage again. */
    restore: (selection: EventSelection, actor: Actor, reason: string | undefined) =>
      run('restore', selection, actor, reason),
  };
}

export type Corrections = ReturnType<typeof createCorrections>;
