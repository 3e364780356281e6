import type { Badge } from '../../badges/ladder.js';
import type { WeekTotals } from '../../leaderboard/tally.js';
import type { Week } from '../../weeks/week.js';
import type { ModelShare, WeekPoint } from '../charts.js';

export interface PersonRef {
  userId: string;
  name: string;
  /** the bot's own avatar path, when Slack has a picture */
  avatar: string | undefined;
}

export interface BoardRow extends PersonRef {
  rank: number;
  tokens: number;
  badge: Badge | undefined;
  isTokenLord: boolean;
}

export interface BoardView {
  week: Week;
  /** the week's days, e.g. "Mon 23 Nov – Sun 29 Nov 2026" */
  dates: string;
  isCurrent: boolean;
  rows: BoardRow[];
  totals: WeekTotals;
  /** who holds the crown during this week (last week's #1) */
  tokenLord: PersonRef | undefined;
  /** ms until this week resets; only for the current week */
  resetsInMs: number | undefined;
  previousWeek: string;
  nextWeek: string | undefined;
}

export interface PersonView extends PersonRef {
  week: Week;
  dates: string;
  isCurrent: boolean;
  standing: { rank: number; tokens: number } | undefined;
  badges: Badge[];
  history: WeekPoint[];
  models: ModelShare[];
  crowns: string[];
}

export interface HallView {
  lords: Array<PersonRef & { reigns: number; longestRun: number; lastWeek: string }>;
  weeks: Array<{
    week: string;
    /** undefined for a quiet week, or a Token Lord who has left the shared board (`lordHidden`) */
    lord: PersonRef | undefined;
    lordHidden: boolean;
    lordTokens: number | undefined;
    tokens: number;
    people: number;
  }>;
  biggestWeek: { person: PersonRef; week: string; tokens: number } | undefined;
  mostBadges: { week: string; badges: number } | undefined;
  /** person undefined: someone off the shared board; dethronedBy null: likewise */
  longestReign:
    | {
        person: PersonRef | undefined;
        weeks: number;
        from: string;
        to: string;
        dethronedBy: PersonRef | null | undefined;
      }
    | undefined;
}
