const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A cost delta as people read it: signed, two decimals, thousands separated.
 *
 * @example formatUsdDelta(45.5) // '+$45.50'
 * @example formatUsdDelta(-1234) // '-$1,234.00'
 */
export function formatUsdDelta(usd: number): string {
  const rounded = Math.round(usd * 100) / 100;
  if (rounded === 0) return '$0.00';
  return `${rounded > 0 ? '+' : '-'}$${USD.format(Math.abs(rounded))}`;
}
