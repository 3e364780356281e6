const MEDALS: Readonly<Record<number, string>> = { 1: '🥇', 2: '🥈', 3: '🥉' };

/**
 * The podium's medal for a rank, if it has one.
 * @example medalOf(2) //=> "🥈"
 */
export function medalOf(rank: number): string | undefined {
  return MEDALS[rank];
}
