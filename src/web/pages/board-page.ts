import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { formatDuration } from '../../slack/blocks/format-duration.js';
import { html, type SafeHtml } from '../html.js';
import { avatar, badgeLabel, personLink, rankLabel, tokens } from './parts.js';
import type { BoardView } from './views.js';

/** The board's changing part: swapped in place when usage arrives. */
export function boardFragment(view: BoardView, viewerId: string | undefined): SafeHtml {
  const lord = view.tokenLord;
  return html`<section class="stats">
  <div><strong>${formatTokens(view.totals.tokens)}</strong><span>tokens this week</span></div>
  <div><strong>${formatExactTokens(view.totals.people)}</strong><span>${view.totals.people === 1 ? 'person' : 'people'}</span></div>
  <div><strong>${formatExactTokens(view.totals.events)}</strong><span>requests</span></div>
  ${view.resetsInMs !== undefined ? html`<div><strong>${formatDuration(view.resetsInMs)}</strong><span>until the reset</span></div>` : ''}
</section>
${
  lord
    ? html`<section class="lord">${avatar(lord, 'large')}<div><span class="title">👑 Token Lord</span><span class="name">${personLink(lord, true)}</span><span class="note">#1 of ${view.previousWeek}, reigning this week</span></div></section>`
    : ''
}
${
  view.rows.length === 0
    ? html`<p class="empty">No usage ${view.isCurrent ? 'yet this week. The throne is empty: who will take it?' : 'was recorded that week.'}</p>`
    : html`<table class="board">
<thead><tr><th>Rank</th><th colspan="2">Who</th><th>Badge</th><th class="num">Tokens</th></tr></thead>
<tbody>
${view.rows.map(
  (row) => html`<tr class="${row.userId === viewerId ? 'you' : ''}" data-user="${row.userId}">
<td>${rankLabel(row.rank)}</td><td class="pic">${avatar(row)}</td>
<td class="who">${personLink(row, true)}${row.isTokenLord ? html` <span class="crown" title="Token Lord">👑</span>` : ''}</td>
<td>${badgeLabel(row.badge)}</td><td class="num">${tokens(row.tokens)}</td></tr>
`,
)}
</tbody>
</table>`
}`;
}

export function boardPage(view: BoardView, viewerId: string | undefined): SafeHtml {
  const live = view.isCurrent;
  return html`<header class="week">
  <a class="step" href="/board?week=${view.previousWeek}" title="Previous week">◀</a>
  <div><h1>${view.isCurrent ? 'This week' : view.week.key}</h1><p>${view.week.key} · ${view.dates}</p></div>
  ${view.nextWeek ? html`<a class="step" href="/board?week=${view.nextWeek}" title="Next week">▶</a>` : html`<span class="step"></span>`}
  ${live ? html`<span class="live-dot" title="Updates live"></span>` : ''}
</header>
<div id="board" ${live ? html`data-live="/board/live"` : ''}>
${boardFragment(view, viewerId)}
</div>`;
}
