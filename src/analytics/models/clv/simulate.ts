import type { CustomerSummary } from './summary';

/** Purchase histories from the BG/NBD process, in whole days converted to weeks. */
export function simulateHistories(n: number, seed: number): CustomerSummary[] {
  const random = mulberry32(seed);
  const gamma = (shape: number, scale: number): number => {
    // Marsaglia & Tsang (2000); shape < 1 by boosting.
    if (shape < 1) return gamma(shape + 1, scale) * random() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        const u1 = random();
        const u2 = random();
        x = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
        return d * v * scale;
    }
  };
  const out: CustomerSummary[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gamma(0.9, 1 / 10);
    const g1 = gamma(1.2, 1);
    const p = g1 / (g1 + gamma(14, 1));
    const age = Math.floor(random() * 730);
    const days = new Set<number>([0]);
    let t = 0;
    let last = 0;
    let spend = 0;
    const unit = 20 + 80 * random();
    for (;;) {
      if (random() < p) break;
      t += -Math.log(1 - random()) / lambda;
      if (t > age) break;
      const day = Math.floor(t);
      if (!days.has(day)) {
        days.add(day);
        spend += unit * (0.5 + random());
      }
      last = Math.max(last, day);
    }
    const x = days.size - 1;
    out.push({ customerId: String(i), x, tx: last / 7, T: age / 7, monetaryValue: x > 0 ? spend / x : 0 });
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
