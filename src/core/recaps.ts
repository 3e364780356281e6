import { type Badge, badgesEarned } from '../badges/ladder.js';
import { summarizeCost } from '../game/token-cost.js';
import { buildRecapDm } from '../slack/blocks/recap-dm.js';
import { daysOfWeek } from '../weeks/day-of.js';
import type { Week } from '../weeks/week.js';
import { loadStanding } from './boards.js';
import { loadPersonTrend } from './load-trends.js';
import type { Stores } from './stores.js';

export interface RecapsOptions {
  stores: Pick<Stores, 'tallies' | 'history' | 'recaps' | 'outbox'>;
  ladder: readonly Badge[];
  weekTimeZone: string;
}

/** The weekly recap DM for the people who turned it on. */
export function createRecaps({ stores, ladder, weekTimeZone: zone }: RecapsOptions) {
  const { tallies, history, recaps, outbox } = stores;
  const firstBadge = ladder[0]?.threshold ?? 1;

  function recapOf(week: Week, userId: string, tokenLord: string | undefined) {
    const standing = loadStanding(tallies, week, userId);
    const tokens = standing?.tokens ?? 0;
    const usage = history.usageByModel(daysOfWeek(week.key), userId);
    const trend = loadPersonTrend(history, week, zone, userId, firstBadge, false);
    return buildRecapDm({
      week: week.key,
      rank: standing?.rank,
      people: tallies.totals(week.key).people,
      tokens,
      badges: badgesEarned(ladder, tokens),
      models: usage
        .map((model) => ({ model: model.model, tokens: model.inputTokens + model.outputTokens }))
        .sort((a, b) => b.tokens - a.tokens),
      streak: trend.streak,
      sparkline: trend.sparkline,
      // The recap is the person's own: their cost shows whatever SHOW_COST says about shared surfaces.
      cost: summarizeCost(usage, week.start),
      isTokenLord: tokenLord === userId,
    });
  }

  return {
    /**
     * Queues each subscriber's recap of a closed week. Call in the crown's transaction: the key
     * per person and week makes it once, whatever restarts or repeated crowns follow.
     */
    queue(week: Week, tokenLord: string | undefined, now: number): number {
      let queued = 0;
      for (const userId of recaps.subscribers()) {
        const message = recapOf(week, userId, tokenLord);
        if (outbox.enqueue({ key: `recap:${week.key}:${userId}`, kind: 'recap_dm', userId, ...message }, now)) {
          queued += 1;
        }
      }
      return queued;
    },
    /** Turns the recap on or off; answers whether it changed. */
    set: (userId: string, on: boolean, now: number): boolean =>
      on ? recaps.subscribe(userId, now) : recaps.unsubscribe(userId),
    isOn: (userId: string): boolean => recaps.isSubscribed(userId),
  };
}

export type Recaps = ReturnType<typeof createRecaps>;
