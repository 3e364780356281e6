import { html, type SafeHtml } from '../html.js';

/** A full-page message: sign-in prompt, refusal or not found, with a way on. */
export function messagePage(options: {
  heading: string;
  text: string;
  action?: { href: string; label: string };
}): SafeHtml {
  return html`<section class="message">
  <h1>${options.heading}</h1>
  <p>${options.text}</p>
  ${options.action ? html`<p><a class="button" href="${options.action.href}">${options.action.label}</a></p>` : ''}
</section>`;
}
