/** Money is handled in integer cents, so totals add up exactly; the database stores numeric(14, 2). */
export type Cents = number & { readonly brand: 'cents' };

/** The largest amount a numeric(14, 2) column holds, in cents. */
export const MAX_CENTS = 99_999_999_999_999 as Cents;

/** True when `value` has at most two decimals. */
export function hasCents(value: number): boolean {
  const scaled = value * 100;
  return Number.isFinite(scaled) && Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export const toCents = (value: number): Cents => Math.round(value * 100) as Cents;

/** Cents as a currency amount (a number with at most two decimals). */
export const fromCents = (cents: number): number => cents / 100;
