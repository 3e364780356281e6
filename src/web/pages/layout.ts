import { html, type SafeHtml } from '../html.js';

/** Who is looking: a signed-in member, a TV screen, or anyone (open local demo). */
export type Viewer = { kind: 'member'; userId: string; name: string } | { kind: 'tv' } | { kind: 'open' };

export interface LayoutOptions {
  title: string;
  viewer: Viewer | undefined;
  body: SafeHtml;
  /** versioned asset URLs, so a new deploy is fetched instead of cached */
  assets: { css: string; js: string };
  bodyClass?: string;
}

function nav(viewer: Viewer | undefined): SafeHtml {
  if (!viewer || viewer.kind === 'tv') return html``;
  return html`<nav class="top">
  <a class="brand" href="/board">👑 Token Throne</a>
  <a href="/board">Board</a>
  <a href="/hall-of-fame">Hall of Fame</a>
  <a href="/tv">TV</a>
  ${
    viewer.kind === 'member'
      ? html`<span class="spacer"></span><a class="me" href="/people/${encodeURIComponent(viewer.userId)}">${viewer.name}</a>
  <form method="post" action="/signout"><button type="submit">Sign out</button></form>`
      : html`<span class="spacer"></span><span class="demo">open demo board</span>`
  }
</nav>`;
}

/** The page around every board view: one stylesheet, one script, no inline code (the CSP allows none). */
export function layout(options: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<link rel="stylesheet" href="${options.assets.css}">
<script src="${options.assets.js}" defer></script>
</head>
<body class="${options.bodyClass ?? 'page'}">
${nav(options.viewer)}
<main>
${options.body}
</main>
</body>
</html>
`.value;
}
