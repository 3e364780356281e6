import { html, type SafeHtml } from '../html.js';
import { avatar, personLink, tokens } from './parts.js';
import type { HallView } from './views.js';

export function hallOfFamePage(view: HallView): SafeHtml {
  return html`<header class="week"><div><h1>🏛️ Hall of Fame</h1><p>Every Token Lord crowned so far</p></div></header>
${
  view.biggestWeek
    ? html`<section class="lord">${avatar(view.biggestWeek.person, 'large')}<div><span class="title">🔥 Biggest week ever</span><span class="name">${personLink(view.biggestWeek.person, true)}</span><span class="note">${tokens(view.biggestWeek.tokens)} tokens in ${view.biggestWeek.week}</span></div></section>`
    : ''
}
${
  view.weeks.length === 0
    ? html`<p class="empty">No week has been crowned yet. The first Token Lord is crowned on Monday.</p>`
    : html`${
        view.lords.length > 0
          ? html`<h2>Token Lords</h2>
<table class="board">
<thead><tr><th colspan="2">Who</th><th class="num">Crowns</th><th>Last crowned</th></tr></thead>
<tbody>
${view.lords.map(
  (lord) =>
    html`<tr><td class="pic">${avatar(lord)}</td><td class="who">${personLink(lord, true)}</td><td class="num">${'👑'.repeat(Math.min(lord.crowns, 5))}${lord.crowns > 5 ? ` ×${lord.crowns}` : ''}</td><td><a href="/board?week=${lord.lastWeek}">${lord.lastWeek}</a></td></tr>
`,
)}
</tbody>
</table>`
          : ''
      }
<h2>Week by week</h2>
<table class="board">
<thead><tr><th>Week</th><th colspan="2">Token Lord</th><th class="num">Their tokens</th><th class="num">Everyone</th><th class="num">People</th></tr></thead>
<tbody>
${view.weeks.map(
  (week) =>
    html`<tr><td><a href="/board?week=${week.week}">${week.week}</a></td>${week.lord ? html`<td class="pic">${avatar(week.lord)}</td><td class="who">${personLink(week.lord, true)}</td>` : html`<td></td><td class="who">${week.lordHidden ? '🙈 someone off the shared board' : '😴 a quiet week'}</td>`}<td class="num">${week.lordTokens === undefined ? '–' : tokens(week.lordTokens)}</td><td class="num">${tokens(week.tokens)}</td><td class="num">${week.people}</td></tr>
`,
)}
</tbody>
</table>`
}`;
}
