const UNITS = [
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
] as const;

/**
 * Token counts as people say them: short, with one decimal while it still matters.
 * @example formatTokens(2_400_000) //=> "2.4M"
 * @example formatTokens(950_000) //=> "950K"
 * @example formatTokens(999) //=> "999"
 */
export function formatTokens(tokens: number): string {
  for (const [index, unit] of UNITS.entries()) {
    if (tokens < unit.size) continue;
    const scaled = tokens / unit.size;
    const rounded = scaled < 100 ? Math.round(scaled * 10) / 10 : Math.round(scaled);
    // 999_950 rounds to 1000K: say 1M instead.
    const bigger = UNITS[index - 1];
    if (rounded >= 1000 && bigger) return formatTokens(bigger.size * (rounded / 1000));
    return `${rounded}${unit.suffix}`;
  }
  return String(tokens);
}

/** @example formatExactTokens(2400123) //=> "2,400,123" */
export function formatExactTokens(tokens: number): string {
  return tokens.toLocaleString('en-US');
}
