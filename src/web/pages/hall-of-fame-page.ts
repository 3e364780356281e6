import { html, type SafeHtml } from '../html.js';
import { avatar, personLink, tokens } from './parts.js';
import type { HallView, PersonRef } from './views.js';

/** The all-time records beside the biggest week: most badges in a week, the longest reign. */
function records(view: HallView): SafeHtml | '' {
  const reign = view.longestReign;
  const holder = (person: PersonRef | null | undefined) =>
    person ? personLink(person, true) : html`someone off the shared board`;
  const lines = [
    view.mostBadges
      ? html`<li>🏅 <strong>Most badges in a week:</strong> ${view.mostBadges.badges} earned in <a href="/board?week=${view.mostBadges.week}">${view.mostBadges.week}</a></li>`
      : undefined,
    reign
      ? html`<li>⏳ <strong>Longest reign:</strong> ${holder(reign.person)}, ${reign.weeks} ${reign.weeks === 1 ? 'week' : 'weeks'} (${reign.from} to ${reign.to})${reign.dethronedBy === undefined ? '' : html`, dethroned by ${holder(reign.dethronedBy)}`}</li>`
      : undefined,
  ].filter((line) => line !== undefined);
  return lines.length > 0 ? html`<ul class="records">${lines}</ul>` : '';
}

export function hallOfFamePage(view: HallView): SafeHtml {
  return html`<header class="week"><div><h1>🏛️ Hall of Fame</h1><p>Every Token Lord crowned so far</p></div></header>
${
  view.biggestWeek
    ? html`<section class="lord">${avatar(view.biggestWeek.person, 'large')}<div><span class="title">🔥 Biggest week ever</span><span class="name">${personLink(view.biggestWeek.person, true)}</span><span class="note">${tokens(view.biggestWeek.tokens)} tokens in ${view.biggestWeek.week}</span></div></section>`
    : ''
}
${records(view)}
${
  view.weeks.length === 0
    ? html`<p class="empty">No week has been crowned yet. The first Token Lord is crowned on Monday.</p>`
    : html`${
        view.lords.length > 0
          ? html`<h2>Token Lords</h2>
<table class="board">
<thead><tr><th colspan="2">Who</th><th class="num">Crowns</th><th class="num">Longest run</th><th>Last crowned</th></tr></thead>
<tbody>
${view.lords.map(
  (lord) =>
    html`<tr><td class="pic">${avatar(lord)}</td><td class="who">${personLink(lord, true)}</td><td class="num">${'👑'.repeat(Math.min(lord.reigns, 5))}${lord.reigns > 5 ? ` ×${lord.reigns}` : ''}</td><td class="num">${lord.longestRun} ${lord.longestRun === 1 ? 'week' : 'weeks'}</td><td><a href="/board?week=${lord.lastWeek}">${lord.lastWeek}</a></td></tr>
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
