import { type Badge, badgesEarned, highestBadge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { PersonHistoryStore } from '../db/person-history-store.js';
import type { TalliesStore } from '../db/tallies-store.js';
import type { HallOfFame } from '../game/hall-of-fame.js';
import type { BoardView, HallView, PersonRef, PersonView } from '../web/pages/views.js';
import { daysOfWeek } from '../weeks/day-of.js';
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
  /** the Hall of Fame, as `/leaderboard hall` computes it */
  hall: () => HallOfFame;
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
          .modelsOf(userId, daysOfWeek(week.key))
          .slice(0, MAX_MODEL_ROWS)
          .map((row) => ({ model: row.model ?? 'unnamed model', tokens: row.tokens })),
        crowns: crowned,
      };
    },

    /**
     * The Hall of Fame of `/leaderboard hall` (one computation for both), and the closed weeks one
     * by one. Someone who has since left the shared board is counted, never named.
     */
    async hallOfFame(): Promise<HallView> {
      const hall = options.hall();
      const closed = crowns.history(HALL_WEEKS).map((week) => ({
        ...week,
        hidden: week.tokenLord !== undefined && !isNamed(week.tokenLord),
      }));
      const named = (userId: string | undefined): userId is string => userId !== undefined && isNamed(userId);
      const lords = hall.lords.filter((lord) => named(lord.userId));
      const reign = hall.longestReign;
      const ref = await people([
        ...lords.map((lord) => lord.userId),
        ...closed.map((week) => (week.hidden ? undefined : week.tokenLord)),
        hall.biggestWeek?.userId,
        reign?.userId,
        reign?.dethronedBy,
      ]);
      const nameOrPrivate = (userId: string | undefined) => (named(userId) ? ref(userId) : undefined);
      return {
        lords: lords.map((lord) => ({ ...ref(lord.userId), ...lord })),
        weeks: closed.slice(0, HALL_WEEKS_SHOWN).map((week) => ({
          week: week.week,
          lord: week.tokenLord && !week.hidden ? ref(week.tokenLord) : undefined,
          lordHidden: week.hidden,
          lordTokens: week.hidden ? undefined : week.lordTokens,
          tokens: week.tokens,
          people: week.people,
        })),
        biggestWeek:
          hall.biggestWeek && named(hall.biggestWeek.userId)
            ? { person: ref(hall.biggestWeek.userId), week: hall.biggestWeek.week, tokens: hall.biggestWeek.tokens }
            : undefined,
        mostBadges: hall.mostBadges,
        longestReign: reign
          ? {
              person: nameOrPrivate(reign.userId),
              weeks: reign.weeks,
              from: reign.from,
              to: reign.to,
              dethronedBy: reign.dethronedBy === undefined ? undefined : (nameOrPrivate(reign.dethronedBy) ?? null),
            }
          : undefined,
      };
    },
  };
}

export type WebViews = ReturnType<typeof createWebViews>;
