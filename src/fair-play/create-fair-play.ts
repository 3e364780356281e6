import type { Badge } from '../badges/ladder.js';
import { createBadgeDmQueuer } from '../badges/queue-badge-dms.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createAuditStore } from '../db/audit-store.js';
import type { CrownsStore } from '../db/crowns-store.js';
import { createDailyTalliesStore } from '../db/daily-tallies-store.js';
import { createEventStatesStore } from '../db/event-states-store.js';
import type { Db } from '../db/open-database.js';
import type { OutboxStore } from '../db/outbox-store.js';
import { createPeopleStore } from '../db/people-store.js';
import type { ProfilesStore } from '../db/profiles-store.js';
import { createReviewsStore } from '../db/reviews-store.js';
import { createTallyDeltas } from '../db/tally-deltas.js';
import { createCorrections } from './corrections.js';
import { createReviewDesk } from './review-desk.js';

export interface FairPlayOptions {
  db: Db;
  config: Config;
  ladder: readonly Badge[];
  crowns: CrownsStore;
  outbox: OutboxStore;
  profiles: ProfilesStore;
  clock: Clock;
}

/** People's visibility, corrections, the review desk and the audit log, built on one database. */
export function createFairPlay(options: FairPlayOptions) {
  const { db, config, crowns, outbox, clock } = options;
  const tallyDeltas = createTallyDeltas(db);
  const eventStates = createEventStatesStore(db);
  const audit = createAuditStore(db);
  const reviews = createReviewsStore(db);
  const queueBadgeDms = createBadgeDmQueuer(options.ladder, outbox, crowns, clock);
  const reviewDesk = createReviewDesk({
    db,
    reviews,
    daily: createDailyTalliesStore(db),
    eventStates,
    tallies: tallyDeltas,
    audit,
    crowns,
    outbox,
    settings: config.anomaly,
    reviewChannel: config.reviewChannel,
    admins: config.adminUsers,
    nameOf: (userId) => options.profiles.get(userId)?.name,
    onTallyChanges: queueBadgeDms,
    clock,
  });
  return {
    tallyDeltas,
    queueBadgeDms,
    people: createPeopleStore(db, config.optIn),
    audit,
    reviews,
    reviewDesk,
    corrections: createCorrections({
      db,
      eventStates,
      tallies: tallyDeltas,
      audit,
      crowns,
      admins: config.adminUsers,
      clock,
    }),
    isAdmin: (userId: string) => config.adminUsers.has(userId),
  };
}

export type FairPlay = ReturnType<typeof createFairPlay>;
