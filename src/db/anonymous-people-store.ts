import { SOURCE_ID } from './event-sums.js';
import type { Db } from './open-database.js';

/** An anonymous id whose usage counts for nobody yet, as the operator sees it. */
export interface UnmappedAnonymous {
  source: string;
  anonymousRef: string;
  events: number;
  tokens: number;
  firstAt: number;
  lastAt: number;
}

export interface AnonymousMapping {
  source: string;
  anonymousRef: string;
  person: string;
  mappedAt: number;
}

/** The operator's mappings of anonymous ids (per source) to people, and what still waits for one. */
export function createAnonymousPeopleStore(db: Db) {
  const personOf = db
    .prepare<{ source: string; anonymousRef: string }, string>(
      'SELECT person FROM anonymous_people WHERE source = @source AND anonymous_ref = @anonymousRef',
    )
    .pluck();
  const insert = db.prepare<{ source: string; anonymousRef: string; person: string; now: number }>(`
    INSERT INTO anonymous_people (source, anonymous_ref, person, mapped_at)
    VALUES (@source, @anonymousRef, @person, @now)`);
  const moveEvents = db.prepare<{ source: string; anonymousRef: string; person: string }>(
    `UPDATE usage_events SET user_ref = @person
     WHERE source_id = ${SOURCE_ID} AND user_ref = @anonymousRef AND user_id IS NULL`,
  );
  // Anonymous events never have a user_id, so the partial index on unresolved events serves this.
  const unmapped = db.prepare<[], UnmappedAnonymous>(`
    SELECT s.name AS source, e.user_ref AS anonymousRef, COUNT(*) AS events,
      SUM(e.input_tokens + e.output_tokens) AS tokens, MIN(e.occurred_at) AS firstAt, MAX(e.occurred_at) AS lastAt
    FROM usage_events AS e JOIN event_sources AS s ON s.id = e.source_id
    WHERE e.user_id IS NULL AND e.user_ref LIKE 'anon:%'
    GROUP BY e.source_id, e.user_ref ORDER BY tokens DESC, source, anonymousRef`);
  const mappings = db.prepare<[], AnonymousMapping>(
    'SELECT source, anonymous_ref AS anonymousRef, person, mapped_at AS mappedAt FROM anonymous_people ORDER BY source, anonymous_ref',
  );
  return {
    /** The person an anonymous id was mapped to on a source, if it was. */
    personFor: (source: string, anonymousRef: string): string | undefined => personOf.get({ source, anonymousRef }),
    /**
     * Records the mapping and moves the id's stored events to the person (still unattributed:
     * the caller attributes them as it does events naming that person). Call in a transaction.
     * @returns how many events moved
     */
    map: (source: string, anonymousRef: string, person: string, now: number): number => {
      insert.run({ source, anonymousRef, person, now });
      return moveEvents.run({ source, anonymousRef, person }).changes;
    },
    unmapped: (): UnmappedAnonymous[] => unmapped.all(),
    mappings: (): AnonymousMapping[] => mappings.all(),
  };
}

export type AnonymousPeopleStore = ReturnType<typeof createAnonymousPeopleStore>;
