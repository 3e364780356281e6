import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../src/badges/ladder.js';
import { modelSplitChart, niceCeiling, weeklyHistoryChart } from '../../../src/web/charts.js';

describe('weekly history chart', () => {
  const points = [
    { week: '2026-W46', tokens: 0, crowned: false },
    { week: '2026-W47', tokens: 900_000, crowned: true },
    { week: '2026-W48', tokens: 3_001_000, crowned: false },
  ];

  it('rounds the axis up to 1, 2 or 5 times a power of ten, with round grid labels', () => {
    expect([0, 1, 7, 900_000, 1_000_000, 1_000_001, 3_001_000].map(niceCeiling)).toEqual([
      1, 1, 10, 1_000_000, 1_000_000, 2_000_000, 5_000_000,
    ]);
    const labels = [...weeklyHistoryChart(points, DEFAULT_LADDER).value.matchAll(/text-anchor="end">([^<]+)</g)].map(
      (match) => match[1],
    );
    expect(labels).toEqual(['0', '1M', '2M', '3M', '4M', '5M']);
  });

  it('draws one bar per week, gold and crowned for a won week, a tooltip each, and the thresholds in range', () => {
    const svg = weeklyHistoryChart(points, DEFAULT_LADDER).value;
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('class="bar crowned"');
    expect(svg).toContain('<title>2026-W47: 900,000 tokens 👑 Token Lord</title>');
    expect(svg.match(/class="threshold"/g)).toHaveLength(5);
    const zeroBar = /<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)">/.exec(svg);
    expect(zeroBar?.[2]).toBe('0');
  });
});

describe('model split chart', () => {
  it('escapes model names, shortens long ones and gives each its share', () => {
    const svg = modelSplitChart([
      { model: '<script>alert(1)</script>', tokens: 750 },
      { model: 'a-very-long-model-name-that-goes-on-and-on-2026', tokens: 250 },
    ]).value;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a-very-long-model-name-that-g…');
    expect(svg).toContain('750 · 75%');
    expect(svg).toContain('250 · 25%');
  });
});
