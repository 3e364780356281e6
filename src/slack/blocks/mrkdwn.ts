const MAX_NAME_LENGTH = 80;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Shortens text to at most `max` UTF-16 units (the strictest way Slack may count characters),
 * cutting between graphemes so no emoji, flag, skin tone or accented letter is split in half,
 * and ending with "…" when anything was cut. A half emoji (a lone surrogate) makes Slack refuse
 * the whole message.
 * @example truncate('🐉🐉🐉', 4) //=> "🐉…"
 */
export function truncate(text: string, max: number): string {
  return shorten(text, max, (whole) => whole);
}

/** Like truncate, measuring the text as `render` turns it out (escaped, say). */
function shorten(text: string, max: number, render: (text: string) => string): string {
  const whole = render(text);
  if (whole.length <= max) return whole;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (render(kept + segment).length > max - 1) break;
    kept += segment;
  }
  return `${render(kept)}…`;
}

/**
 * Makes outside text (names, models, anything from an event) inert in Slack mrkdwn: `&`, `<`
 * and `>` are escaped so no `<!channel>`, `<@U…>` or `<http://…|link>` can form, and a
 * word-joiner breaks bare `@channel`/`@here`/`@everyone`, which some surfaces still expand.
 * @example escapeMrkdwn('<!channel> & co') //=> "&lt;!channel&gt; &amp; co"
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** A name to show: a blank one (Slack allows them) reads "someone", never an empty text. */
function shownName(name: string): string {
  return name.trim() || 'someone';
}

/**
 * A display name for mrkdwn, escaped and shortened to MAX_NAME_LENGTH after escaping (an `&`
 * becomes five characters), so a board of 100 stays within Slack's text limits.
 */
export function displayName(name: string): string {
  return shorten(shownName(name), MAX_NAME_LENGTH, escapeMrkdwn);
}

/** A name as an avatar's alt text: plain text, never empty. */
export function nameAltText(name: string): string {
  return inertPlainText(shownName(name));
}

/** plain_text fields are not parsed for mentions, but Slack caps their length. */
export function plainText(text: string, max = 150): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/**
 * Outside text for plain-text-only fields (an image's alt text): not parsed by Slack, but
 * angle brackets are swapped for look-alikes so no copy of it can ever form a mention.
 */
export function inertPlainText(text: string, max = 80): string {
  return truncate(text, max).replace(/</g, '‹').replace(/>/g, '›');
}

/**
 * A mrkdwn text object. `verbatim` stops Slack's own pre-processing, which would turn bare
 * URLs, domains and `#channel` names inside outside text into links; the bot's explicit
 * `<@U…>` on the winners post still works.
 */
export function mrkdwn(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

const LINES_PER_SECTION = 10;

/** Lines as sections of ten, so that long names cannot push one section past Slack's 3,000 characters. */
export function linesInSections(lines: readonly string[]) {
  const sections = [];
  for (let start = 0; start < lines.length; start += LINES_PER_SECTION) {
    sections.push({ type: 'section' as const, text: mrkdwn(lines.slice(start, start + LINES_PER_SECTION).join('\n')) });
  }
  return sections;
}
