import { formatTokens } from '../../leaderboard/format-tokens.js';
import { formatDuration } from '../../slack/blocks/format-duration.js';
import { html, type SafeHtml } from '../html.js';
import { avatar, badgeLabel, rankLabel, tokens } from './parts.js';
import type { BoardView } from './views.js';

export const TV_ROWS = 10;

/** The TV's changing part: the Token Lord, the top ten and the countdown, in big type. */
export function tvFragment(view: BoardView): SafeHtml {
  const lord = view.tokenLord;
  return html`<div class="tv-head">
  <h1>👑 Token Throne <span>${view.week.key}</span></h1>
  <div class="tv-stats"><span>${formatTokens(view.totals.tokens)} tokens</span><span>${view.totals.people} people</span>${view.resetsInMs !== undefined ? html`<span>reset in ${formatDuration(view.resetsInMs)}</span>` : ''}</div>
</div>
${lord ? html`<div class="tv-lord">${avatar(lord, 'large')}<span>Token Lord <strong>${lord.name}</strong></span></div>` : ''}
${
  view.rows.length === 0
    ? html`<p class="empty">No usage yet this week. The throne is empty!</p>`
    : html`<ol class="tv-board">
${view.rows.slice(0, TV_ROWS).map(
  (row) =>
    html`<li data-user="${row.userId}">${rankLabel(row.rank)}${avatar(row)}<span class="who">${row.name}${row.isTokenLord ? ' 👑' : ''}</span>${badgeLabel(row.badge)}${tokens(row.tokens)}</li>
`,
)}
</ol>`
}`;
}

export function tvPage(view: BoardView): SafeHtml {
  return html`<div id="tv" data-live="/tv/live" data-reload-hours="6">
${tvFragment(view)}
</div>
<span class="live-dot" title="Updates live"></span>`;
}
