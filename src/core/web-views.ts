import { type Badge, badgesEarned, highestBadge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { PersonHistoryStore } from '../db/person-history-store.js';
import type { TalliesStore } from '../db/tallies-store.js';
import type { BoardView, HallView, PersonRef, PersonView } from '../web/pages/views.js';
import { dayOf } from '../weeks/day-of.js';
import { formatWeekDates } from '../weeks/format-week.js';
import { parseWeek } from '../weeks/parse-week.js';
import type { Week } from '../weeks/week.js';
import { nextWeek, previousWeek, weekOf } from '../weeks/week-of.js';
import { loadBoardPage, loadStanding } from './boards.js';
import type { Person, UserDirectory } from './user-directory.js';

const BOARD_SIZE = 100;
/** How many weeks a person's chart covers at most. */
const HISTORY_WEEKS = 26;
/** A chart always shows at least this many weeks, so one week of usage is not one wide bar. */
const MIN_HISTORY_WEEKS = 8;
const HALL_WEEKS = 520;
const HALL_WEEKS_SHOWN = 52;
const MAX_MODEL_ROWS = 12;

function toRef(person: Person | undefined, userId: string): PersonRef {
  return {
    userId,
    name: person?.name ?? userId,
    avatar: person?.avatarUrl ? `/avatars/${encodeURIComponent(userId)}` : undefined,
  };
}

export interface WebViewsOptions {
  tallies: TalliesStore;
  crowns: CrownsStore;
  history: PersonHistoryStore;
  directory: UserDirectory;
  /** whether shared pages may name a person (fair play: hidden, or not joined in opt-in mode) */
  isNamed: (userId: string) => boolean;
  ladder: readonly Badge[];
  weekTimeZone: string;
  clock: Clock;
}

/** What the web pages show, read from the stores: the week's board, a person's page, the Hall of Fame. */
export function createWebViews(options: WebViewsOptions) {
  const { tallies, crowns, history, directory, isNamed, ladder, weekTimeZone: zone, clock } = options;

  const people = async (userIds: Array<string | undefined>) => {
    const ids = userIds.filter((id): id is string => id !== undefined);
    const found = await directory.people(ids);
    return (userId: string) => toRef(found.get(userId), userId);
  };

  return {
    /** The week named by `?week=` (an ISO week key), or this week; undefined when the text names no week. */
    weekFrom(text: string | null): Week | undefined {
      return text ? parseWeek(text, zone) : weekOf(clock(), zone);
    },

    async board(week: Week): Promise<BoardView> {
      const now = clock();
      const current = weekOf(now, zone);
      const page = loadBoardPage(tallies, week, BOARD_SIZE);
      const crowned = crowns.tokenLordOf(previousWeek(week, zone).key);
      const lordId = crowned && isNamed(crowned) ? crowned : undefined;
      const ref = await people([...page.entries.map((entry) => entry.userId), lordId]);
      const after = nextWeek(week, zone);
      return {
        week,
        dates: formatWeekDates(week, zone),
        isCurrent: week.key === current.key,
        rows: page.entries.map((entry) => ({
          ...ref(entry.userId),
          rank: entry.rank,
          tokens: entry.tokens,
          badge: highestBadge(ladder, entry.tokens),
          isTokenLord: entry.userId === lordId,
        })),
        totals: page.totals,
        tokenLord: lordId ? ref(lordId) : undefined,
        resetsInMs: week.key === current.key ? week.end.getTime() - now.getTime() : undefined,
        previousWeek: previousWeek(week, zone).key,
        nextWeek: after.start.getTime() <= now.getTime() ? after.key : undefined,
      };
    },

    /**
     * A person's page, or undefined when it is not for this viewer: people off the shared board
     * see their own page, nobody else sees it.
     */
    async person(userId: string, week: Week, viewerId: string | undefined): Promise<PersonView | undefined> {
      if (!isNamed(userId) && userId !== viewerId) return undefined;
      const current = weekOf(clock(), zone);
      const standing = loadStanding(tallies, week, userId);
      const crowned = crowns.crownsOf(userId);
      const totals = new Map(history.weeksOf(userId, HISTORY_WEEKS).map((row) => [row.week, row.tokens]));
      const weeks: Week[] = [current];
      while (weeks.length < HISTORY_WEEKS) {
        const first = weeks[0] as Week;
        const earliest = [...totals.keys()][0];
        if (weeks.length >= MIN_HISTORY_WEEKS && (!earliest || first.key <= earliest)) break;
        weeks.unshift(previousWeek(first, zone));
      }
      const ref = await people([userId]);
      return {
        ...ref(userId),
        week,
        dates: formatWeekDates(week, zone),
        isCurrent: week.key === current.key,
        standing: standing ? { rank: standing.rank, tokens: standing.tokens } : undefined,
        badges: badgesEarned(ladder, standing?.tokens ?? 0),
        history: weeks.map((each) => ({
          week: each.key,
          tokens: totals.get(each.key) ?? 0,
          crowned: crowned.includes(each.key),
        })),
        models: history
          .modelsOf(userId, { from: dayOf(week.start.getTime(), zone), to: dayOf(week.end.getTime(), zone) })
          .slice(0, MAX_MODEL_ROWS)
          .map((row) => ({ model: row.model ?? 'unnamed model', tokens: row.tokens })),
        crowns: crowned,
      };
    },

    /**
     * Token Lords by crowns, the biggest week and the closed weeks, counted from the crowns the
     * weekly reset stored. The Hall of Fame of `/leaderboard hall` is built separately; once it
     * is in the core, this page should read that one computation.
     */
    async hallOfFame(): Promise<HallView> {
      // A Token Lord who has since left the shared board is counted, never named.
      const closed = crowns.history(HALL_WEEKS).map((week) => ({
        ...week,
        hidden: week.tokenLord !== undefined && !isNamed(week.tokenLord),
      }));
      const named = closed.filter((week) => week.tokenLord !== undefined && !week.hidden);
      const ref = await people(named.map((week) => week.tokenLord));
      const lords = new Map<string, { crowns: number; lastWeek: string }>();
      for (const week of named) {
        if (!week.tokenLord) continue;
        const lord = lords.get(week.tokenLord) ?? { crowns: 0, lastWeek: week.week };
        lord.crowns += 1;
        lords.set(week.tokenLord, lord);
      }
      const biggest = named.reduce<(typeof named)[number] | undefined>(
        (best, week) => (!best || week.lordTokens > best.lordTokens ? week : best),
        undefined,
      );
      return {
        lords: [...lords.entries()]
          .map(([userId, lord]) => ({ ...ref(userId), ...lord }))
          .sort((a, b) => b.crowns - a.crowns || b.lastWeek.localeCompare(a.lastWeek)),
        weeks: closed.slice(0, HALL_WEEKS_SHOWN).map((week) => ({
          week: week.week,
          lord: week.tokenLord && !week.hidden ? ref(week.tokenLord) : undefined,
          lordHidden: week.hidden,
          lordTokens: week.hidden ? undefined : week.lordTokens,
          tokens: week.tokens,
          people: week.people,
        })),
        biggestWeek: biggest?.tokenLord
          ? { person: ref(biggest.tokenLord), week: biggest.week, tokens: biggest.lordTokens }
          : undefined,
      };
    },
  };
}

export type WebViews = ReturnType<typeof createWebViews>;
