import type { Badge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { EventSelection } from '../fair-play/event-selection.js';
import { exportWeek, type WeekExport } from '../fair-play/week-export.js';
import { summarizeCost } from '../game/token-cost.js';
import { daysOfWeek } from '../weeks/day-of.js';
import type { Week } from '../weeks/week.js';
import { type Actor, createCorrections } from './corrections.js';
import { queueBadgeDms } from './queue-badge-dms.js';
import { createReviewDesk } from './review-desk.js';
import type { Stores } from './stores.js';

export interface FairPlayOptions {
  db: Db;
  config: Config;
  stores: Stores;
  ladder: readonly Badge[];
  clock: Clock;
}

/** The fair-play use cases: who is named, corrections, the review desk, the audit log, export. */
export function createFairPlay({ db, config, stores, ladder, clock }: FairPlayOptions) {
  const { tallyDeltas, eventStates, audit, reviews, crowns, outbox } = stores;
  const corrections = createCorrections({
    db,
    eventStates,
    tallies: tallyDeltas,
    audit,
    crowns,
    admins: config.adminUsers,
    clock,
  });
  const reviewDesk = createReviewDesk({
    db,
    reviews,
    daily: stores.daily,
    eventStates,
    tallies: tallyDeltas,
    audit,
    crowns,
    outbox,
    settings: config.anomaly,
    weekTimeZone: config.weekTimeZone,
    talliesOf: (week, userId) => stores.tallies.tallyOf(week, userId)?.tokens,
    reviewChannel: config.reviewChannel,
    admins: config.adminUsers,
    nameOf: (userId) => stores.profiles.get(userId)?.name,
    onTallyChanges: (changes) => queueBadgeDms(changes, clock().getTime(), { ladder, outbox, crowns }),
    clock,
  });
  return {
    /** People's choice to be named: `/leaderboard hide`, `show`, `join`. */
    people: stores.people,
    audit,
    reviews,
    reviewDesk,
    /** Voids or restores usage (admins and the command line only), with its audit entry. */
    correct: (action: 'void' | 'restore', selection: EventSelection, actor: Actor, reason: string | undefined) =>
      action === 'void' ? corrections.void(selection, actor, reason) : corrections.restore(selection, actor, reason),
    isAdmin: (userId: string) => config.adminUsers.has(userId),
    /** Where a person's weekly number came from. */
    explain: (userId: string, week: Week) => stores.breakdowns.explain(userId, daysOfWeek(week.key)),
    /** A week's counted usage per person; people off the board by alias unless `includeHidden`. */
    exportWeek(week: Week, includeHidden: boolean): WeekExport {
      const { exports } = stores;
      const days = daysOfWeek(week.key);
      const usage = { people: exports.people(days), byModel: exports.byModel(days), bySource: exports.bySource(days) };
      return exportWeek(week.key, usage, {
        isNamed: stores.people.isNamed,
        nameOf: (userId) => stores.profiles.get(userId)?.name,
        costOf: (userId) => {
          const cost = summarizeCost(stores.history.usageByModel(days, userId), week.start);
          return { usd: cost.totalUsd, unpricedTokens: cost.unknown.reduce((sum, model) => sum + model.tokens, 0) };
        },
        includeHidden,
      });
    },
  };
}

export type FairPlay = ReturnType<typeof createFairPlay>;
