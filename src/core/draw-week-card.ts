import { type Badge, highestBadge } from '../badges/ladder.js';
import { type CostSummary, formatUsd } from '../game/token-cost.js';
import type { BoardPage } from '../leaderboard/rank-tallies.js';
import { formatWeekDates } from '../weeks/format-week.js';
import type { AvatarSource } from './avatar-source.js';
import type { Person } from './user-directory.js';

export interface WeekCardRequest {
  /** the week's board from the top; its first three places are drawn */
  board: BoardPage;
  weekTimeZone: string;
  /** names and avatars of the people on the board */
  people: ReadonlyMap<string, Person>;
  ladder: readonly Badge[];
  /** the week is over and its #1 crowned (a share during the week shows the leaders so far) */
  crowned: boolean;
  /** the week's estimated cost; undefined where money is not shown */
  cost: CostSummary | undefined;
}

/** The title under a name on the podium: the crown for #1, and the highest badge. */
function titleOf(rank: number, badge: Badge | undefined, crowned: boolean): string | undefined {
  const parts = [rank === 1 ? (crowned ? 'Token Lord' : 'Leading') : undefined, badge?.name];
  const title = parts.filter((part): part is string => part !== undefined).join(' · ');
  return title || undefined;
}

/** Fetches the podium's avatars (cached, placeholders for any that fail) and draws the card. */
export async function drawWeekCard(request: WeekCardRequest, avatars: AvatarSource): Promise<Buffer> {
  const { board, people, crowned, cost } = request;
  const podium = board.entries.slice(0, 3);
  const pictures = await Promise.all(podium.map((entry) => avatars.get(people.get(entry.userId)?.largeAvatarUrl)));
  // Skia and the card's fonts are loaded when the first card is drawn, not by every bot at start.
  const { renderPodiumCard } = await import('../card/podium-card.js');
  return renderPodiumCard({
    week: board.week.key,
    dates: formatWeekDates(board.week, request.weekTimeZone),
    heading: crowned ? `Champions of ${board.week.key}` : `Leaders of ${board.week.key} so far`,
    places: podium.map((entry, index) => ({
      name: people.get(entry.userId)?.name ?? entry.userId,
      title: titleOf(entry.rank, highestBadge(request.ladder, entry.tokens), crowned),
      tokens: entry.tokens,
      avatar: pictures[index],
    })),
    totals: board.totals,
    footnote: cost && cost.models.length > 0 ? `Estimated AI bill ${formatUsd(cost.totalUsd)}` : undefined,
  });
}
