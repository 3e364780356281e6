import type { Badge } from '../badges/ladder.js';
import { renderPodiumCard } from '../card/podium-card.js';
import type { AvatarSource } from './avatar-source.js';

export interface CardPlace {
  rank: number;
  name: string;
  /** the largest profile image Slack gave */
  avatarUrl: string | undefined;
  tokens: number;
  badge: Badge | undefined;
}

export interface WeekCardRequest {
  week: string;
  dates: string;
  /** the week's board from the top; the first three places are drawn */
  places: readonly CardPlace[];
  totals: { tokens: number; people: number; events: number };
  /** the week is over and its #1 crowned (a share during the week shows the leaders so far) */
  crowned: boolean;
  footnote: string | undefined;
}

/** The title under a name on the podium: the crown for #1, and the highest badge. */
function titleOf(place: CardPlace, crowned: boolean): string | undefined {
  const parts = [place.rank === 1 ? (crowned ? 'Token Lord' : 'Leading') : undefined, place.badge?.name];
  const title = parts.filter((part): part is string => part !== undefined).join(' · ');
  return title || undefined;
}

/** Fetches the podium's avatars (cached, placeholders for any that fail) and draws the card. */
export async function drawWeekCard(request: WeekCardRequest, avatars: AvatarSource): Promise<Buffer> {
  const podium = request.places.slice(0, 3);
  const pictures = await Promise.all(podium.map((place) => avatars.get(place.avatarUrl)));
  return renderPodiumCard({
    week: request.week,
    dates: request.dates,
    heading: request.crowned ? `Champions of ${request.week}` : `Leaders of ${request.week} so far`,
    places: podium.map((place, index) => ({
      name: place.name,
      title: titleOf(place, request.crowned),
      tokens: place.tokens,
      avatar: pictures[index],
    })),
    totals: request.totals,
    footnote: request.footnote,
  });
}
