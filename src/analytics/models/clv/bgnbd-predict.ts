import { hyp2f1 } from '../math/hyp2f1';
import type { BgNbdParams } from './bgnbd';
import type { PurchaseHistory } from './compress';

/**
 * P(alive | x, t_x, T) under BG/NBD, Fader, Hardie & Lee (2005), "Counting your customers the
 * easy way", eq. 13 (appendix of the technical note "Computing P(alive) using the BG/NBD model"):
 *   P = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}).
 */
export function predictBgNbdAlive(params: BgNbdParams, customer: PurchaseHistory): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  const logit = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logit));
}

/**
 * Conditional expected purchases in (T, T + t] given (x, t_x, T), Fader, Hardie & Lee (2005),
 * eq. 10:
 *   E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x}
 *       · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive | x, t_x, T).
 * Evaluated without the 1/(a−1) cancellation: by Euler's transformation the bracket is
 * 1 − (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b+x−1; z) with z = t/(α+T+t), and writing
 * ₂F₁(A, a−1; C; z) = 1 + (a−1)·G(z), G = Σ_{n≥1} (A)ₙ(a)_{n−1} zⁿ / ((C)ₙ n!), the bracket over (a−1)
 * is −expm1((a−1) ln(1−z))/(a−1) − (1−z)^{a−1} G(z), finite at a = 1. On CDNOW with the published
 * parameters E[Y(39) | 2, 30.43, 38.86] = 1.226.
 */
export function predictBgNbd(params: BgNbdParams, t: number, customer: PurchaseHistory): number {
  if (t <= 0) return 0;
  const { a, b } = params;
  const { x } = customer;
  return (a + b + x - 1) * growth(params, t, x, customer.T) * predictBgNbdAlive(params, customer);
}

/**
 * Unconditional expected purchases of a new customer in (0, t], Fader, Hardie & Lee (2005), eq. 9:
 *   E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 */
export function predictBgNbdUnconditional(params: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  return (params.a + params.b - 1) * growth(params, t, 0, 0);
}

/** [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; z)] / (a − 1), stably. */
function growth(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lnOneMinusZ = -Math.log1p(t / (alpha + T));
  const z = t / (alpha + T + t);
  const am1 = a - 1;
  const power = Math.exp(am1 * lnOneMinusZ);
  const first = am1 === 0 ? -lnOneMinusZ : -Math.expm1(am1 * lnOneMinusZ) / am1;
  const A = a + b - 1 - r;
  const C = a + b + x - 1;
  let term = (A * z) / C;
  let sum = term;
  const settle = Math.max(0, -A) + 2;
  for (let n = 1; n < 1_000_000; n++) {
    term *= ((A + n) * (a + n - 1) * z) / ((C + n) * (n + 1));
    sum += term;
    if (n > settle && Math.abs(term) <= 1e-17 * Math.abs(sum)) return first - power * sum;
    if (term === 0) return first - power * sum;
  }
  // z extremely close to 1: fall back to the general ₂F₁ (needs a ≠ 1).
  return (1 - power * hyp2f1(A, am1, C, z)) / am1;
}
