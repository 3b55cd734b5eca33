/**
 * Log-gamma, digamma and log-beta.
 *
 * lgamma: Lanczos approximation (Lanczos 1964, "A precision approximation of the gamma function",
 * SIAM J. Numer. Anal. B 1) with g = 607/128 and the 15 coefficients of Godfrey (2001), as printed in
 * Press et al., Numerical Recipes 3rd ed. §6.1 (`gammln`):
 *   ln Γ(x) = (x + ½) ln(x + g + ½) − (x + g + ½) + ln(√(2π) · S(x) / x),
 *   S(x) = c₀ + Σ_{k=1}^{14} c_k / (x + k).
 * Relative error of Γ about 1e-15; for x < ½ the reflection Γ(x)Γ(1 − x) = π / sin(πx) is used and
 * the result is ln|Γ(x)|.
 * For x > 1e7 Stirling's series ln Γ(x) = (x − ½) ln x − x + ln √(2π) + 1/(12x) − 1/(360x³) is used
 * (A&S 6.1.41), which avoids overflow of (x + ½) ln(x + g + ½) for huge x.
 */

const LANCZOS_G_HALF = 5.2421875; // g + 1/2 with g = 607/128
const LANCZOS_C0 = 0.9999999999999971;
const LANCZOS_COEFFICIENTS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 0.0001580887032249125, -0.00021026444172410488,
  0.00021743961811521265, -0.0001643181065367639, 8.441822398385275e-5, -2.6190838401581408e-5,
  3.6899182659531625e-6,
];
const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)

/** ln |Γ(x)|; +∞ at the poles x = 0, −1, −2, … */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x < 0.5) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Reflection: ln|Γ(x)| = ln(π / |sin(πx)|) − ln Γ(1 − x); sin(πx) via the reduced argument.
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x > 1e7) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + 1 / (12 * x) - 1 / (360 * x * x * x);
  let series = LANCZOS_C0;
  for (let k = 0; k < 14; k++) series += (LANCZOS_COEFFICIENTS[k] as number) / (x + k + 1);
  const t = x + LANCZOS_G_HALF;
  return (x + 0.5) * Math.log(t) - t + LN_SQRT_2PI + Math.log(series / x);
}

/** Sign of Γ(x): +1 for x > 0, alternating on the negative axis, 0 at the poles. */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** sin(πx) with exact zeros at the integers. */
function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // r in [-1, 1]
  if (r === 0 || Math.abs(r) === 1) return 0;
  return Math.sin(Math.PI * r);
}
