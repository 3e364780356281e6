import type { Badge } from '../../badges/ladder.js';
import { formatExactTokens } from '../../leaderboard/format-tokens.js';
import { modelSplitChart, weeklyHistoryChart } from '../charts.js';
import { html, type SafeHtml } from '../html.js';
import { avatar, rankLabel, tokens } from './parts.js';
import type { PersonView } from './views.js';

export function personPage(view: PersonView, ladder: readonly Badge[]): SafeHtml {
  const standing = view.standing;
  return html`<header class="person">
  ${avatar(view, 'large')}
  <div>
    <h1>${view.name}${view.crowns.length > 0 ? html` <span class="crowns" title="Crowned Token Lord ${view.crowns.length} times">${'👑'.repeat(Math.min(view.crowns.length, 5))}${view.crowns.length > 5 ? `×${view.crowns.length}` : ''}</span>` : ''}</h1>
    <p>${view.isCurrent ? 'This week' : view.week.key} · ${view.dates}</p>
  </div>
</header>
<section class="stats">
  <div><strong>${standing ? rankLabel(standing.rank) : '–'}</strong><span>rank</span></div>
  <div><strong>${tokens(standing?.tokens ?? 0)}</strong><span>tokens</span></div>
  <div><strong>${view.crowns.length}</strong><span>${view.crowns.length === 1 ? 'crown' : 'crowns'}</span></div>
</section>
<section>
  <h2>Badges ${view.isCurrent ? 'this week' : `in ${view.week.key}`}</h2>
  <ul class="ladder">
  ${ladder.map(
    (badge) =>
      html`<li class="${view.badges.includes(badge) ? 'earned' : 'locked'}" title="${formatExactTokens(badge.threshold)} tokens">${badge.emoji} ${badge.name}</li>`,
  )}
  </ul>
</section>
<section>
  <h2>Week by week</h2>
  ${weeklyHistoryChart(view.history, ladder)}
</section>
<section>
  <h2>Models in ${view.week.key}</h2>
  ${
    view.models.length > 0
      ? modelSplitChart(view.models)
      : html`<p class="empty">${standing ? 'The events of that week are no longer kept, only its total.' : 'No usage that week.'}</p>`
  }
</section>
${
  view.crowns.length > 0
    ? html`<section><h2>Crowned Token Lord</h2><p class="weeks">${view.crowns.map((week) => html`<a href="/board?week=${week}">${week}</a> `)}</p></section>`
    : ''
}`;
}
