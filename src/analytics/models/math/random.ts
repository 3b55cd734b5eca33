/**
 * A small seeded pseudo-random generator for simulations and generated test data, so that a
 * simulation is a pure function of its seed: mulberry32 (Tommy Ettinger, public domain), a 32-bit
 * state generator with period 2³², plenty for scenario draws. Normal variates by the Box-Muller
 * transform (Box & Muller 1958, Ann. Math. Statist. 29(2)).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  nextNormal(): number;
}

/** A generator seeded with the 32-bit integer `seed`. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const nextNormal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = next();
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return { next, nextNormal };
}
