import type { Badge } from '../badges/ladder.js';
import { formatExactTokens, formatTokens } from '../leaderboard/format-tokens.js';
import { html, type SafeHtml } from './html.js';

export interface WeekPoint {
  week: string;
  tokens: number;
  /** Token Lord of this week */
  crowned: boolean;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 24, right: 12, bottom: 28, left: 48 };

/** Coordinates to a tenth of a pixel: shorter markup, same picture. */
const px = (value: number) => Math.round(value * 10) / 10;
const MAX_LABEL = 30;

/** A round top for the axis: 1, 2 or 5 times a power of ten, at or above the value. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * A person's weekly totals as an SVG bar chart: one bar per week (oldest left), a crown over
 * weeks they won, dashed lines at the badge thresholds in range, and a tooltip per bar.
 */
export function weeklyHistoryChart(points: readonly WeekPoint[], ladder: readonly Badge[]): SafeHtml {
  const top = niceCeiling(Math.max(0, ...points.map((point) => point.tokens)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const y = (tokens: number) => px(PAD.top + plotHeight - (tokens / top) * plotHeight);
  const slot = plotWidth / Math.max(1, points.length);
  const barWidth = px(Math.max(2, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  // 5M splits into fifths (1M steps), 1M and 2M into quarters: every grid line is a round number.
  const divisions = top / 10 ** Math.floor(Math.log10(top)) === 5 ? 5 : 4;
  const grid = Array.from({ length: divisions + 1 }, (_, index) => (top * index) / divisions);
  const thresholds = ladder.filter((badge) => badge.threshold < top);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Tokens per week">
  ${grid.map(
    (tokens) => html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tokens)}" y2="${y(tokens)}"/>
  <text class="axis" x="${PAD.left - 6}" y="${y(tokens) + 4}" text-anchor="end">${formatTokens(tokens)}</text>`,
  )}
  ${thresholds.map(
    (badge) =>
      html`<line class="threshold" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(badge.threshold)}" y2="${y(badge.threshold)}"><title>${badge.emoji} ${badge.name}: ${formatTokens(badge.threshold)}</title></line>`,
  )}
  ${points.map((point, index) => {
    const x = px(PAD.left + index * slot + (slot - barWidth) / 2);
    const barTop = y(point.tokens);
    return html`<rect class="${point.crowned ? 'bar crowned' : 'bar'}" x="${x}" y="${barTop}" width="${barWidth}" height="${PAD.top + plotHeight - barTop}"><title>${point.week}: ${formatExactTokens(point.tokens)} tokens${point.crowned ? ' 👑 Token Lord' : ''}</title></rect>
  ${point.crowned ? html`<text class="crown" x="${px(x + barWidth / 2)}" y="${barTop - 4}" text-anchor="middle">👑</text>` : ''}
  ${index % labelEvery === 0 ? html`<text class="axis" x="${px(x + barWidth / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${point.week.slice(5)}</text>` : ''}`;
  })}
</svg>`;
}

export interface ModelShare {
  model: string;
  tokens: number;
}

/** A week's tokens per model as labelled horizontal bars, largest first. */
export function modelSplitChart(models: readonly ModelShare[]): SafeHtml {
  const rowHeight = 28;
  const labelWidth = 220;
  const barSpace = WIDTH - labelWidth - 80;
  const largest = Math.max(1, ...models.map((share) => share.tokens));
  const total = models.reduce((sum, share) => sum + share.tokens, 0);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${models.length * rowHeight + 4}" role="img" aria-label="Tokens per model">
  ${models.map((share, index) => {
    const rowY = index * rowHeight + 4;
    const width = px(Math.max(1, (share.tokens / largest) * barSpace));
    const label = share.model.length > MAX_LABEL ? `${share.model.slice(0, MAX_LABEL - 1)}…` : share.model;
    const percent = total > 0 ? Math.round((share.tokens / total) * 100) : 0;
    return html`<text class="label" x="${labelWidth - 8}" y="${rowY + 17}" text-anchor="end">${label}</text>
  <rect class="bar" x="${labelWidth}" y="${rowY}" width="${width}" height="${rowHeight - 8}"><title>${share.model}: ${formatExactTokens(share.tokens)} tokens</title></rect>
  <text class="value" x="${labelWidth + width + 6}" y="${rowY + 17}">${formatTokens(share.tokens)} · ${percent}%</text>`;
  })}
</svg>`;
}
