import { parseWeek } from '../weeks/parse-week.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** One closed week as the Hall of Fame reads it. */
export interface ClosedWeekRecord {
  week: string;
  /** the week's #1; undefined for a quiet week */
  tokenLord: string | undefined;
  /** the champion's tokens in the final ranking */
  lordTokens: number;
  /** badges everyone earned that week, counted from the final ranking */
  badges: number;
}

export interface LordRecord {
  userId: string;
  reigns: number;
  /** the most crowns in consecutive weeks */
  longestRun: number;
  lastWeek: string;
}

export interface Reign {
  userId: string;
  weeks: number;
  from: string;
  to: string;
  /** who took the crown the week after; undefined while the reign goes on or the next week was quiet */
  dethronedBy: string | undefined;
}

export interface HallOfFame {
  lords: LordRecord[];
  biggestWeek: { userId: string; week: string; tokens: number } | undefined;
  mostBadges: { week: string; badges: number } | undefined;
  longestReign: Reign | undefined;
}

/** Weeks since the epoch for an ISO week key, so consecutive weeks differ by one (across years too). */
export function weekNumber(key: string): number {
  const week = parseWeek(key, 'UTC');
  if (!week) throw new RangeError(`"${key}" is not an ISO week`);
  return Math.round(week.start.getTime() / WEEK_MS);
}

/** Runs of crowns held by one person in consecutive weeks, oldest first. */
export function reignsOf(history: readonly ClosedWeekRecord[]): Reign[] {
  const weeks = [...history].sort((a, b) => weekNumber(a.week) - weekNumber(b.week));
  const reigns: Reign[] = [];
  let current: Reign | undefined;
  let previous: number | undefined;
  for (const record of weeks) {
    const number = weekNumber(record.week);
    const follows = previous !== undefined && number === previous + 1;
    if (current && follows && record.tokenLord === current.userId) {
      current.weeks += 1;
      current.to = record.week;
    } else {
      if (current && follows && record.tokenLord) current.dethronedBy = record.tokenLord;
      current = record.tokenLord
        ? { userId: record.tokenLord, weeks: 1, from: record.week, to: record.week, dethronedBy: undefined }
        : undefined;
      if (current) reigns.push(current);
    }
    previous = number;
  }
  return reigns;
}

/**
 * Every Token Lord with their crowns and longest run, the biggest week ever, the week with the
 * most badges and the longest reign (with who ended it). Ties go to whoever got there first.
 */
export function hallOfFame(history: readonly ClosedWeekRecord[]): HallOfFame {
  const reigns = reignsOf(history);
  const lords = new Map<string, LordRecord>();
  for (const reign of reigns) {
    const lord = lords.get(reign.userId) ?? { userId: reign.userId, reigns: 0, longestRun: 0, lastWeek: reign.to };
    lord.reigns += reign.weeks;
    lord.longestRun = Math.max(lord.longestRun, reign.weeks);
    lord.lastWeek = reign.to;
    lords.set(reign.userId, lord);
  }
  let biggestWeek: HallOfFame['biggestWeek'];
  let mostBadges: HallOfFame['mostBadges'];
  for (const record of [...history].sort((a, b) => weekNumber(a.week) - weekNumber(b.week))) {
    if (record.tokenLord && (!biggestWeek || record.lordTokens > biggestWeek.tokens)) {
      biggestWeek = { userId: record.tokenLord, week: record.week, tokens: record.lordTokens };
    }
    if (record.badges > 0 && (!mostBadges || record.badges > mostBadges.badges)) {
      mostBadges = { week: record.week, badges: record.badges };
    }
  }
  const longestReign = reigns.reduce<Reign | undefined>(
    (best, reign) => (!best || reign.weeks > best.weeks ? reign : best),
    undefined,
  );
  return {
    lords: [...lords.values()].sort((a, b) => b.reigns - a.reigns || b.longestRun - a.longestRun),
    biggestWeek,
    mostBadges,
    longestReign,
  };
}

/** A record the week just closed set, for the winners post to announce. */
export type NewRecord =
  | { kind: 'biggest_week'; userId: string; tokens: number; previous: number }
  | { kind: 'crowns_in_a_row'; userId: string; count: number }
  | { kind: 'most_crowns'; userId: string; count: number }
  | { kind: 'most_badges'; badges: number; previous: number }
  | { kind: 'dethroned'; userId: string; by: string; weeks: number };

/**
 * What the closing week changed in the Hall of Fame: a new all-time biggest week, a run of
 * crowns in a row, the most crowns ever, a badge record, or the end of a reign of two weeks or more.
 */
export function newRecords(before: readonly ClosedWeekRecord[], week: ClosedWeekRecord): NewRecord[] {
  const old = hallOfFame(before);
  const now = hallOfFame([...before, week]);
  const records: NewRecord[] = [];
  const lord = week.tokenLord;
  if (!lord) return records;
  if (old.biggestWeek && week.lordTokens > old.biggestWeek.tokens) {
    records.push({ kind: 'biggest_week', userId: lord, tokens: week.lordTokens, previous: old.biggestWeek.tokens });
  }
  const reign = reignsOf([...before, week]).at(-1);
  if (reign && reign.to === week.week && reign.weeks >= 2) {
    records.push({ kind: 'crowns_in_a_row', userId: lord, count: reign.weeks });
  }
  const crowns = now.lords.find((record) => record.userId === lord)?.reigns ?? 0;
  const mostBefore = Math.max(0, ...old.lords.map((record) => record.reigns));
  if (crowns > mostBefore && crowns >= 2) records.push({ kind: 'most_crowns', userId: lord, count: crowns });
  if (old.mostBadges && week.badges > old.mostBadges.badges) {
    records.push({ kind: 'most_badges', badges: week.badges, previous: old.mostBadges.badges });
  }
  const lastReign = reignsOf(before).at(-1);
  if (
    lastReign &&
    lastReign.userId !== lord &&
    lastReign.weeks >= 2 &&
    weekNumber(lastReign.to) + 1 === weekNumber(week.week)
  ) {
    records.push({ kind: 'dethroned', userId: lastReign.userId, by: lord, weeks: lastReign.weeks });
  }
  return records;
}
