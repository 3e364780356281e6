import { createAnonymousPeopleStore } from '../db/anonymous-people-store.js';
import { createConnectorStateStore } from '../db/connector-state-store.js';
import { createCrownsStore } from '../db/crowns-store.js';
import { createIdentitiesStore } from '../db/identities-store.js';
import type { Db } from '../db/open-database.js';
import { createOtlpCountersStore } from '../db/otlp-counters-store.js';
import { createOutboxStore } from '../db/outbox-store.js';
import { createPersonHistoryStore } from '../db/person-history-store.js';
import { createProfilesStore } from '../db/profiles-store.js';
import { createTalliesStore } from '../db/tallies-store.js';
import { createTelemetryScopesStore } from '../db/telemetry-scopes-store.js';
import { createUsageStore } from '../db/usage-store.js';
import { createWebSessionsStore } from '../db/web-sessions-store.js';

/** Every table's prepared statements, one store per concern. A new table's store goes here. */
export function createStores(db: Db) {
  return {
    usage: createUsageStore(db),
    tallies: createTalliesStore(db),
    identities: createIdentitiesStore(db),
    crowns: createCrownsStore(db),
    outbox: createOutboxStore(db),
    profiles: createProfilesStore(db),
    otlpCounters: createOtlpCountersStore(db),
    anonymousPeople: createAnonymousPeopleStore(db),
    telemetryScopes: createTelemetryScopesStore(db),
    connectors: createConnectorStateStore(db),
    personHistory: createPersonHistoryStore(db),
    webSessions: createWebSessionsStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
