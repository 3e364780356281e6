/** The numbers of the anomaly rule (see docs/fair-play.md#the-anomaly-rule). */
export interface AnomalySettings {
  /** tokens per person, source and day above which usage is held; 0: no cap */
  sourceDailyCap: number;
  /** a day above this many times the usual day is held; 0: no spike check */
  multiplier: number;
  /** days at or below this many tokens are never held by the spike check */
  floorTokens: number;
  historyDays: number;
  /** fewer active days than this in the history: judged against the organisation */
  minActiveDays: number;
  /** fewer person-days than this in the organisation's history: newcomers are not judged */
  orgMinDays: number;
}

/** What the rule sees for one person, day and source when new usage arrives. */
export interface DayUsage {
  /** counted tokens of the person's whole day, the new usage included */
  dayTokens: number;
  /** counted tokens of the person's day from this source, the new usage included */
  sourceDayTokens: number;
  /**
   * The person's counted tokens on each active day of the trailing history. Functions, as the
   * history is only read for a day above the floor (rare), never on every batch.
   */
  ownHistory: () => number[];
  /** the organisation's person-days in the same window, for judging a newcomer */
  orgHistory: () => number[];
}

export type Verdict =
  | { held: false }
  | {
      held: true;
      rule: 'spike' | 'newcomer' | 'cap';
      /** the usual day the new one was compared with (the cap for 'cap') */
      usual: number;
      /** the limit it crossed */
      limit: number;
      dayTokens: number;
      sourceDayTokens: number;
      /** how many days the usual day was taken from */
      basedOnDays: number;
    };

/**
 * The middle value; for an even count, the mean of the two middle values.
 * @example median([5, 1, 3, 2]) //=> 2.5
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Whether new usage is held for review. A source over SOURCE_DAILY_CAP for the person's day is
 * held. Otherwise a day is held when it is above the floor and above `multiplier` times the
 * usual day: the person's own median active day when they have enough history, else the
 * organisation's median person-day (a newcomer), and nothing when the organisation itself is
 * too new to have a usual day.
 * @example judgeDay({ dayTokens: 9e6, sourceDayTokens: 9e6, ownHistory: () => [2e5, 3e5, 2e5, 4e5, 3e5], orgHistory: () => [] }, settings).held //=> true
 */
export function judgeDay(usage: DayUsage, settings: AnomalySettings): Verdict {
  const { dayTokens, sourceDayTokens } = usage;
  const base = { held: true as const, dayTokens, sourceDayTokens };
  if (settings.sourceDailyCap > 0 && sourceDayTokens > settings.sourceDailyCap) {
    return { ...base, rule: 'cap', usual: settings.sourceDailyCap, limit: settings.sourceDailyCap, basedOnDays: 0 };
  }
  if (settings.multiplier <= 0 || dayTokens <= settings.floorTokens) return { held: false };
  const own = usage.ownHistory().filter((tokens) => tokens > 0);
  if (own.length >= settings.minActiveDays) {
    const usual = median(own);
    const limit = Math.max(settings.floorTokens, usual * settings.multiplier);
    return dayTokens > limit ? { ...base, rule: 'spike', usual, limit, basedOnDays: own.length } : { held: false };
  }
  const org = usage.orgHistory().filter((tokens) => tokens > 0);
  if (org.length < settings.orgMinDays) return { held: false };
  const usual = median(org);
  const limit = Math.max(settings.floorTokens, usual * settings.multiplier);
  return dayTokens > limit ? { ...base, rule: 'newcomer', usual, limit, basedOnDays: org.length } : { held: false };
}

/**
 * Whether anything of a person's week could be held: a day is part of its week, so a week at or
 * below both the floor and the cap holds no day. Ingestion skips reading the day's totals then.
 * @example mayHold(800_000, { ...settings, floorTokens: 1_000_000, sourceDailyCap: 0 }) //=> false
 */
export function mayHold(weekTokens: number, settings: AnomalySettings): boolean {
  const overCap = settings.sourceDailyCap > 0 && weekTokens > settings.sourceDailyCap;
  const overFloor = settings.multiplier > 0 && weekTokens > settings.floorTokens;
  return overCap || overFloor;
}
