/**
 * ln ₂F₁(a, b; a + 1; z) and its partial derivatives in a, b and z, for a > 0, b > 0 and
 * 0 ≤ z < 1: the hypergeometric function of the Pareto/NBD likelihood (Fader, Hardie & Lee 2005,
 * "A note on implementing the Pareto/NBD model in MATLAB", eq. 2F1(r+s+x, s+1 or r+x;
 * r+s+x+1; z)), whose third parameter is always the first plus one. Then
 *   F = a ∫₀¹ t^{a−1} (1 − z t)^{−b} dt = a z^{−a} ∫_{1−z}^{1} (1 − v)^{a−1} v^{−b} dv,
 * an incomplete beta integral, and the derivatives have series of their own:
 *
 * - z ≤ 1 − h (h = min(1/2, 2/a)): the series of Euler's transform (1 − z)^{1−b} ₂F₁(1, a+1−b; a+1; z)
 *   (A&S 15.3.3, 15.1.1), differentiated term by term (see `series`). All terms are positive.
 * - z > 1 − h, y = 1 − z < h: the v-integral split at h. The part over [h, 1] is h-independent
 *   of y: (1 − h)^a ₂F₁(a, b; a+1; 1 − h)/a by the series above. The part over [y, h] expands
 *   (1 − v)^{a−1} = Σ cₙ vⁿ, cₙ = (1 − a)ₙ/n!, and integrates each power exactly:
 *   ∫_y^h v^{n−b} dv = yⁿ⁺¹⁻ᵇ · D · φ((n+1−b)D), D = ln(h/y), φ(t) = (eᵗ − 1)/t, which is smooth
 *   where n + 1 − b crosses 0 (the integer-gap case that makes A&S 15.3.6 singular) and is taken
 *   scaled by y^{b−1} so that nothing overflows as y → 0. h ≤ 2/a keeps the alternating cₙ hⁿ
 *   within a factor e⁴ of their sum.
 *
 * ∂F/∂z is closed: z F' = a [(1 − z)^{−b} − F] (from the series). Relative accuracy about 1e-14 for
 * F against `hyp2f1` (see the tests), and the derivatives agree with central differences.
 */

/** Writes [ln F, ∂ln F/∂a, ∂ln F/∂b, ∂ln F/∂z] into `out`. */
export function lnHyp2f1Beta(a: number, b: number, z: number, out: Float64Array | number[]): void {
  const h = betaSplit(a);
  if (z <= 1 - h) {
    series(a, b, z, out);
    return;
  }
  split(a, b, z, h, out);
}

/** Split point of the v-integral: 1/2, or 2/a for a > 4. */
function betaSplit(a: number): number {
  return Math.min(0.5, 2 / a);
}

const MAX_TERMS = 1_000_000;

/**
 * The series with its derivative sums, after Euler's transformation (A&S 15.3.3):
 *   F(a, b; a+1; z) = (1 − z)^{1−b} G,  G = ₂F₁(1, c; a+1; z) = Σₙ (c)ₙ/(a+1)ₙ · zⁿ,  c = a + 1 − b,
 * whose terms fall at least as fast as zⁿ when c > 0 (always in the Pareto/NBD), where those of F
 * grow like (b)ₙ/n! first: with b = r + x of a frequent buyer (x in the hundreds) that is a few
 * terms instead of thousands. For c ≤ 0, `directSeries`.
 * ∂ ln tₙ/∂c = Σ_{k<n} 1/(c+k), ∂ ln tₙ/∂a = −Σ_{k<n} 1/(a+1+k) (+ the c part, as ∂c/∂a = 1),
 * ∂c/∂b = −1. out as in `lnHyp2f1Beta`.
 */
function series(a: number, b: number, z: number, out: Float64Array | number[]): void {
  if (z === 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = (a * b) / (a + 1);
    return;
  }
  const c = a + 1 - b;
  if (c <= 0) {
    directSeries(a, b, z, out);
    return;
  }
  // Sums over n ≥ 1 of tₙ, tₙ·Hc(n), tₙ·Ha(n), n·tₙ (G − 1, and the derivative sums).
  let g1 = 0;
  let gc = 0;
  let ga = 0;
  let gz = 0;
  let t = 1;
  let hc = 0;
  let ha = 0;
  let small = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    hc += 1 / (c + n);
    ha += 1 / (a + 1 + n);
    t *= ((c + n) / (a + 1 + n)) * z;
    if (t === 0) break;
    const m = n + 1;
    const tc = t * hc;
    const ta = t * ha;
    const tz = t * m;
    g1 += t;
    gc += tc;
    ga += ta;
    gz += tz;
    if (
      t <= 1e-17 * (1 + g1) &&
      Math.abs(tc) <= 1e-17 * Math.abs(gc) &&
      ta <= 1e-17 * ga &&
      tz <= 1e-17 * gz
    ) {
      if (++small >= 2) break;
    } else small = 0;
  }
  const g = 1 + g1;
  const lnOneMinusZ = Math.log1p(-z);
  out[0] = (1 - b) * lnOneMinusZ + Math.log1p(g1);
  // ∂G/∂a = Σ tₙ (Hc − Ha), ∂G/∂b = −Σ tₙ Hc, ∂G/∂z = Σ n tₙ / z.
  out[1] = (gc - ga) / g;
  out[2] = -lnOneMinusZ - gc / g;
  out[3] = (b - 1) / (1 - z) + gz / (z * g);
}

/**
 * The defining series F = Σₙ a/(a+n) · (b)ₙ/n! · zⁿ ((a)ₙ/(a+1)ₙ = a/(a+n)) with its derivative sums
 * (∂/∂a of a/(a+n) is n/(a+n)²; ∂/∂b of (b)ₙ/n! by its recurrence), for b ≥ a + 1, where Euler's
 * form has alternating terms. out as in `lnHyp2f1Beta`.
 */
function directSeries(a: number, b: number, z: number, out: Float64Array | number[]): void {
  if (z === 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = (a * b) / (a + 1);
    return;
  }
  // Sums over n ≥ 1 of the terms of F, ∂F/∂a, ∂F/∂b, ∂F/∂z, all scaled by e^{−lnScale} once they
  // grow large (F reaches (1 − z)^{−b}).
  let f1 = 0;
  let fa = 0;
  let fb = 0;
  let fz = 0;
  let one = 1;
  let lnScale = 0;
  // pz = (b)ₙ/n! · zⁿ and qz = ∂/∂b of it, scaled alike
  let pz = 1;
  let qz = 0;
  let small = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const m = n + 1;
    qz = ((qz * (b + n) + pz) / m) * z;
    pz = ((pz * (b + n)) / m) * z;
    if (pz === 0) break;
    const w = a / (a + m);
    const tf = w * pz;
    const ta = ((m / (a + m)) * pz) / (a + m);
    const tb = w * qz;
    const tz = (w * pz * m) / z;
    f1 += tf;
    fa += ta;
    fb += tb;
    fz += tz;
    if (pz > 1e200) {
      pz *= 1e-200;
      qz *= 1e-200;
      f1 *= 1e-200;
      fa *= 1e-200;
      fb *= 1e-200;
      fz *= 1e-200;
      one *= 1e-200;
      lnScale += 200 * Math.LN10;
    }
    const ratio = ((b + m) / (m + 1)) * z;
    const f = one + f1;
    if (ratio < 1 && tf <= 1e-17 * f && ta <= 1e-17 * fa && tb <= 1e-17 * fb && tz <= 1e-17 * fz) {
      if (++small >= 2) break;
    } else small = 0;
  }
  const f = one + f1;
  out[0] = lnScale === 0 ? Math.log1p(f1) : Math.log(f) + lnScale;
  out[1] = fa / f;
  out[2] = fb / f;
  out[3] = fz / f;
}

/** φ(t) = (eᵗ − 1)/t and φ'(t), accurate near 0. */
function phi(t: number): { v: number; d: number } {
  if (Math.abs(t) < 0.5) {
    // φ = Σ tᵏ/(k+1)!, φ' = Σ k tᵏ⁻¹/(k+1)!
    let v = 1;
    let d = 0;
    let term = 1; // tᵏ/(k+1)! at k = 0
    for (let k = 1; k < 30; k++) {
      const prev = term;
      term = (term * t) / (k + 1);
      v += term;
      d += (k * prev) / (k + 1);
      if (Math.abs(term) < 1e-18 * Math.abs(v)) break;
    }
    return { v, d };
  }
  const e = Math.exp(t);
  return { v: (e - 1) / t, d: (e * (t - 1) + 1) / (t * t) };
}

/** The split form for y = 1 − z < h; out as in `lnHyp2f1Beta`. */
function split(a: number, b: number, z: number, h: number, out: Float64Array | number[]): void {
  const y = 1 - z;
  const lnY = Math.log(y);
  // K = ∫_h^1 (1−v)^{a−1} v^{−b} dv = (1−h)^a F(a, b; a+1; 1−h) / a
  const k = [0, 0, 0, 0];
  series(a, b, 1 - h, k);
  const lnK = a * Math.log1p(-h) + (k[0] as number) - Math.log(a);
  const lnKdA = Math.log1p(-h) + (k[1] as number) - 1 / a;
  const lnKdB = k[2] as number;
  // Scaled by σ = y^{b−1}: Kσ, and Sσ = Σ cₙ yⁿ D φ((n+1−b) D).
  const kS = Math.exp(lnK + (b - 1) * lnY);
  const d = Math.log(h) - lnY;
  let s = 0;
  let sa = 0;
  let sb = 0;
  let c = 1; // cₙ = (1 − a)ₙ / n!
  let dc = 0; // ∂cₙ/∂a
  let lnYn = 0; // n ln y
  let small = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    // v = yⁿ φ(t), dv = yⁿ φ'(t) at t = (n + 1 − b) D; for large t in log space (eᵗ overflows
    // where yⁿ underflows).
    const t = (n + 1 - b) * d;
    let v: number;
    let dv: number;
    if (t < 20) {
      const yn = Math.exp(lnYn);
      const p = phi(t);
      v = yn * p.v;
      dv = yn * p.d;
    } else {
      const e = Math.exp(lnYn + t);
      const tail = Math.exp(-t);
      v = (e * (1 - tail)) / t;
      dv = (e * (t - 1 + tail)) / (t * t);
    }
    const ts = c * d * v;
    const ta = dc * d * v;
    const tb = -c * d * d * dv;
    s += ts;
    sa += ta;
    sb += tb;
    if (
      n >= 4 &&
      Math.abs(ts) <= 1e-17 * Math.abs(s) &&
      Math.abs(ta) <= 1e-17 * Math.abs(sa) + 1e-300 &&
      Math.abs(tb) <= 1e-17 * Math.abs(sb) + 1e-300
    ) {
      if (++small >= 2) break;
    } else small = 0;
    dc = (dc * (n + 1 - a) - c) / (n + 1);
    c = (c * (n + 1 - a)) / (n + 1);
    lnYn += lnY;
    if (c === 0 && dc === 0) break;
  }
  // J σ z^a = Kσ + Sσ = W;  ln F = ln a − a ln z + ln W − (b − 1) ln y
  const w = kS + s;
  const lnZ = Math.log(z);
  const lnF = Math.log(a) - a * lnZ + Math.log(w) - (b - 1) * lnY;
  out[0] = lnF;
  out[1] = 1 / a - lnZ + (kS * lnKdA + sa) / w;
  out[2] = (kS * (lnKdB + lnY) + sb) / w - lnY;
  // z F' = a [y^{−b} − F]
  out[3] = (a * (Math.exp(-b * lnY - lnF) - 1)) / z;
}
