import { createAnonymousPeopleStore } from '../db/anonymous-people-store.js';
import { createAuditStore } from '../db/audit-store.js';
import { createAvatarCacheStore } from '../db/avatar-cache-store.js';
import { createBreakdownStore } from '../db/breakdown-store.js';
import { createConnectorStateStore } from '../db/connector-state-store.js';
import { createCrownsStore } from '../db/crowns-store.js';
import { createDailyTalliesStore } from '../db/daily-tallies-store.js';
import { createEventStatesStore } from '../db/event-states-store.js';
import { createExportStore } from '../db/export-store.js';
import { createHistoryStore } from '../db/history-store.js';
import { createIdentitiesStore } from '../db/identities-store.js';
import { createNamesStore } from '../db/names-store.js';
import type { Db } from '../db/open-database.js';
import { createOtlpCountersStore } from '../db/otlp-counters-store.js';
import { createOutboxStore } from '../db/outbox-store.js';
import { createPeopleStore } from '../db/people-store.js';
import { createPersonHistoryStore } from '../db/person-history-store.js';
import { createProfilesStore } from '../db/profiles-store.js';
import { createRecapStore } from '../db/recap-store.js';
import { createRetentionStore } from '../db/retention-store.js';
import { createReviewsStore } from '../db/reviews-store.js';
import { createTalliesStore } from '../db/tallies-store.js';
import { createTallyDeltas } from '../db/tally-deltas.js';
import { createTelemetryScopesStore } from '../db/telemetry-scopes-store.js';
import { createUsageStore } from '../db/usage-store.js';
import { createWebSessionsStore } from '../db/web-sessions-store.js';

/**
 * Every table's prepared statements, one store per concern. A new table's store goes here.
 * `optIn` (LEADERBOARD_OPT_IN) decides who boards may name when a person made no choice.
 */
export function createStores(db: Db, optIn = false) {
  const tallyDeltas = createTallyDeltas(db);
  return {
    usage: createUsageStore(db, tallyDeltas, createNamesStore(db)),
    tallyDeltas,
    tallies: createTalliesStore(db, optIn),
    daily: createDailyTalliesStore(db),
    identities: createIdentitiesStore(db),
    crowns: createCrownsStore(db, optIn),
    outbox: createOutboxStore(db),
    profiles: createProfilesStore(db),
    otlpCounters: createOtlpCountersStore(db),
    history: createHistoryStore(db),
    avatars: createAvatarCacheStore(db),
    recaps: createRecapStore(db),
    anonymousPeople: createAnonymousPeopleStore(db),
    telemetryScopes: createTelemetryScopesStore(db),
    connectors: createConnectorStateStore(db),
    people: createPeopleStore(db, optIn),
    eventStates: createEventStatesStore(db),
    reviews: createReviewsStore(db),
    audit: createAuditStore(db),
    breakdowns: createBreakdownStore(db),
    exports: createExportStore(db),
    personHistory: createPersonHistoryStore(db),
    webSessions: createWebSessionsStore(db),
    retention: createRetentionStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
