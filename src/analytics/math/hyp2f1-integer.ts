import { digamma } from './digamma';
import { gammaRatio, hyp2f1 } from './hyp2f1';

/**
 * ₂F₁(a, b; a + b + m; z) for an integer gap m = c − a − b and 0 < z < 1, where the connection
 * formula A&S 15.3.6 is singular. Abramowitz & Stegun 15.3.10 (m = 0) and 15.3.11 (m ≥ 1), with
 * w = 1 − z:
 *   F = Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
 *     − (−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ_{n≥0} (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ
 *         · [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
 * A negative gap is first reduced by Euler's transformation (A&S 15.3.3)
 * F(a, b; c; z) = (1−z)^{c−a−b} F(c−a, c−b; c; z), whose gap is −m > 0 (A&S 15.3.12 in effect).
 * Used only for z > 0.75, so w < 0.25 and the series converge quickly.
 */
export function hyp2f1IntegerGap(a: number, b: number, m: number, z: number): number {
  const c = a + b + m;
  const w = 1 - z;
  if (m < 0) return w ** m * hyp2f1(c - a, c - b, c, z);
  let finite = 0;
  if (m > 0) {
    let term = 1;
    for (let n = 0; n < m; n++) {
      finite += term;
      term *= (((a + n) * (b + n)) / ((n + 1) * (1 - m + n))) * w;
    }
    finite *= gammaRatio([m, c], [a + m, b + m]);
  }
  const lead = (m % 2 === 0 ? 1 : -1) * w ** m * gammaRatio([c], [a, b]);
  if (lead === 0) return finite;
  const lnW = Math.log(w);
  let psiN1 = digamma(1);
  let psiNm1 = digamma(m + 1);
  let psiA = digamma(a + m);
  let psiB = digamma(b + m);
  let coefficient = 1;
  for (let k = 1; k <= m; k++) coefficient /= k; // 1/m!
  let sum = 0;
  for (let n = 0; n < 10_000; n++) {
    const term = coefficient * (lnW - psiN1 - psiNm1 + psiA + psiB);
    sum += term;
    if (n > 2 && Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    coefficient *= ((a + m + n) * (b + m + n) * w) / ((n + 1) * (n + m + 1));
    psiN1 += 1 / (n + 1);
    psiNm1 += 1 / (n + m + 1);
    psiA += 1 / (a + m + n);
    psiB += 1 / (b + m + n);
  }
  return finite - lead * sum;
}
