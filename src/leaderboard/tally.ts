/** A person's tokens in one week, with the breakdown boards and person cards show. */
export interface Tally {
  userId: string;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  events: number;
}

/** A whole week in numbers. */
export interface WeekTotals {
  tokens: number;
  people: number;
  events: number;
}

/** How many people a board shows unless asked for more: the top of `/leaderboard`, App Home and the winners post. */
export const TOP = 10;
