import { lgamma } from './gamma';

/**
 * Log of the Euler beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) (A&S 6.2.2),
 * for a, b > 0, using the Lanczos `lgamma`.
 */
/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}
