import type { Badge } from '../../badges/ladder.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { html, type SafeHtml } from '../html.js';
import type { PersonRef } from './views.js';

const MEDALS = ['🥇', '🥈', '🥉'];

export function rankLabel(rank: number): SafeHtml {
  const medal = MEDALS[rank - 1];
  return medal ? html`<span class="medal" title="#${rank}">${medal}</span>` : html`<span class="rank">#${rank}</span>`;
}

/** A person's picture (served by the bot) or their initial on a coloured disc. */
export function avatar(person: PersonRef, size: 'small' | 'large' = 'small'): SafeHtml {
  if (person.avatar) return html`<img class="avatar ${size}" src="${person.avatar}" alt="" width="48" height="48">`;
  const initial = [...person.name.trim()][0]?.toUpperCase() ?? '?';
  return html`<span class="avatar ${size} initial" aria-hidden="true">${initial}</span>`;
}

export function personLink(person: PersonRef, linked: boolean): SafeHtml {
  return linked
    ? html`<a href="/people/${encodeURIComponent(person.userId)}">${person.name}</a>`
    : html`${person.name}`;
}

export function badgeLabel(badge: Badge | undefined): SafeHtml {
  return badge ? html`<span class="badge">${badge.emoji} ${badge.name}</span>` : html``;
}

export function tokens(count: number): SafeHtml {
  return html`<span class="tokens" title="${formatExactTokens(count)} tokens">${formatTokens(count)}</span>`;
}
