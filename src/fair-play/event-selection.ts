/** The events a correction or review decision applies to. */
export type EventSelection =
  | { kind: 'event'; source: string; eventId: string }
  | { kind: 'source'; source: string; from: number; to: number }
  | { kind: 'person-week'; userId: string; week: string }
  | { kind: 'review'; reviewId: number };

export type EventState = 'counted' | 'held' | 'voided';

/**
 * A selection of events as the audit log and replies name it.
 * @example describeSelection({ kind: 'event', source: 'ide', eventId: 'req-7' }) //=> "event req-7 from ide"
 */
export function describeSelection(selection: EventSelection): string {
  switch (selection.kind) {
    case 'event':
      return `event ${selection.eventId} from ${selection.source}`;
    case 'source':
      return `everything from ${selection.source} between ${new Date(selection.from).toISOString()} and ${new Date(selection.to).toISOString()}`;
    case 'person-week':
      return `${selection.userId}'s ${selection.week}`;
    case 'review':
      return `review #${selection.reviewId}`;
  }
}
