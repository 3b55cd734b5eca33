import type { Seasonality } from './decompose';
import type { HoltWintersParams, HoltWintersStart } from './hw-types';

/** Scratch arrays of `evaluateHoltWintersSse`, reused across the evaluations of one fit. */
export interface SseWorkspace {
  season: Float64Array;
  sa: Float64Array;
  sb: Float64Array;
  sg: Float64Array;
  sp: Float64Array;
}

export function createSseWorkspace(length: number): SseWorkspace {
  return {
    season: new Float64Array(length),
    sa: new Float64Array(length),
    sb: new Float64Array(length),
    sg: new Float64Array(length),
    sp: new Float64Array(length),
  };
}

/**
 * The SSE of `runHoltWinters` with forward-mode derivatives of every state with respect to
 * (α, β, γ, φ), so that ∂SSE/∂θ = Σ −2 e_t ∂x̂_t/∂θ is exact (no finite-difference noise for the
 * optimiser). The start values do not depend on θ.
 */
export function evaluateHoltWintersSse(
  x: ArrayLike<number>,
  period: number,
  seasonal: Seasonality,
  params: HoltWintersParams,
  start: HoltWintersStart,
  gradient: Float64Array,
  work: SseWorkspace,
): number {
  const n = x.length;
  const { alpha, beta, gamma, phi } = params;
  const mult = seasonal === 'multiplicative';
  const { season, sa, sb, sg, sp } = work;
  season.set(start.season);
  sa.fill(0, 0, period);
  sb.fill(0, 0, period);
  sg.fill(0, 0, period);
  sp.fill(0, 0, period);
  let level = start.level;
  let trend = start.trend;
  let la = 0;
  let lb = 0;
  let lg = 0;
  let lp = 0;
  let ba = 0;
  let bb = 0;
  let bg = 0;
  let bp = 0;
  let sse = 0;
  let ga = 0;
  let gb = 0;
  let gg = 0;
  let gp = 0;
  for (let t = period; t < n; t++) {
    const j = t - period;
    const s = season[j] as number;
    const dsa = sa[j] as number;
    const dsb = sb[j] as number;
    const dsg = sg[j] as number;
    const dsp = sp[j] as number;
    const base = level + phi * trend;
    const xt = x[t] as number;
    const xhat = mult ? base * s : base + s;
    const res = xt - xhat;
    sse += res * res;
    // ∂base = ∂L + φ ∂B (+ B for φ).
    const da = la + phi * ba;
    const db = lb + phi * bb;
    const dg = lg + phi * bg;
    const dp = lp + phi * bp + trend;
    const u = mult ? xt / s : xt - s;
    const newLevel = alpha * u + (1 - alpha) * base;
    const v = mult ? xt / newLevel : xt - newLevel;
    // ∂u = −∂s (additive) or −x/s² ∂s (multiplicative); ∂x̂ = ∂base + ∂s or s ∂base + base ∂s.
    const us = mult ? -xt / (s * s) : -1;
    const twoRes = -2 * res;
    if (mult) {
      ga += twoRes * (da * s + base * dsa);
      gb += twoRes * (db * s + base * dsb);
      gg += twoRes * (dg * s + base * dsg);
      gp += twoRes * (dp * s + base * dsp);
    } else {
      ga += twoRes * (da + dsa);
      gb += twoRes * (db + dsb);
      gg += twoRes * (dg + dsg);
      gp += twoRes * (dp + dsp);
    }
    const a1 = 1 - alpha;
    const nla = alpha * us * dsa + a1 * da + (u - base);
    const nlb = alpha * us * dsb + a1 * db;
    const nlg = alpha * us * dsg + a1 * dg;
    const nlp = alpha * us * dsp + a1 * dp;
    const b1 = 1 - beta;
    const step = newLevel - level;
    const nba = beta * (nla - la) + b1 * phi * ba;
    const nbb = beta * (nlb - lb) + b1 * phi * bb + (step - phi * trend);
    const nbg = beta * (nlg - lg) + b1 * phi * bg;
    const nbp = beta * (nlp - lp) + b1 * (phi * bp + trend);
    const vl = mult ? -xt / (newLevel * newLevel) : -1;
    const g1 = 1 - gamma;
    sa[t] = gamma * vl * nla + g1 * dsa;
    sb[t] = gamma * vl * nlb + g1 * dsb;
    sg[t] = gamma * vl * nlg + g1 * dsg + (v - s);
    sp[t] = gamma * vl * nlp + g1 * dsp;
    la = nla;
    lb = nlb;
    lg = nlg;
    lp = nlp;
    ba = nba;
    bb = nbb;
    bg = nbg;
    bp = nbp;
    trend = beta * step + b1 * phi * trend;
    level = newLevel;
    season[t] = gamma * v + g1 * s;
  }
  gradient[0] = ga;
  gradient[1] = gb;
  gradient[2] = gg;
  gradient[3] = gp;
  return sse;
}
