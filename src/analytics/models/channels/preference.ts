import { InputError } from '../input-error';

/** A contact or purchase through a channel; `amount` defaults to 1 (a count). */
export interface ChannelEvent {
  customerId: string;
  channel: string;
  amount?: number;
}

/** Channel mix of one customer. */
export interface ChannelPreference {
  customerId: string;
  /** Σ amounts of the customer. */
  total: number;
  /** Raw shares n_ic / n_i. */
  shares: Record<string, number>;
  /** Shares smoothed toward the population mix. */
  smoothed: Record<string, number>;
  /** Channel with the largest smoothed share. */
  preferred: string;
}

/** Population mix and per-customer preferences. */
export interface ChannelPreferences {
  channels: string[];
  /** Population share p_c of each channel. */
  population: Record<string, number>;
  customers: ChannelPreference[];
}

/**
 * Channel preference per customer with additive (Dirichlet) smoothing toward the population mix,
 * the posterior mean of a Dirichlet–multinomial model with prior Dirichlet(k · p) (e.g. Gelman et
 * al., "Bayesian Data Analysis", 3rd ed., §3.4):
 *   smoothed_ic = (n_ic + k · p_c) / (n_i + k),   p_c = Σ_i n_ic / Σ_i n_i,
 * where n_ic is the customer's count (or amount) in channel c and k the prior strength in the same
 * units (default 2: a customer's evidence outweighs the population after two events). The preferred
 * channel maximises the smoothed share; ties go to the larger population share, then to the
 * alphabetically first channel. Throws InputError for a negative or non-finite amount.
 */
export function computeChannelPreferences(
  events: readonly ChannelEvent[],
  priorStrength = 2,
): ChannelPreferences {
  if (!(priorStrength >= 0)) throw new RangeError(`prior strength must be ≥ 0, got ${priorStrength}`);
  const perCustomer = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  events.forEach((e, i) => {
    const amount = e.amount ?? 1;
    if (!Number.isFinite(amount) || amount < 0)
      throw new InputError(`amount ${amount}`, { line: i + 1, field: 'amount' });
    let m = perCustomer.get(e.customerId);
    if (!m) {
      m = new Map();
      perCustomer.set(e.customerId, m);
    }
    m.set(e.channel, (m.get(e.channel) ?? 0) + amount);
    totals.set(e.channel, (totals.get(e.channel) ?? 0) + amount);
  });
  const grand = [...totals.values()].reduce((s, v) => s + v, 0);
  const channels = [...totals.keys()].sort();
  const population = Object.fromEntries(
    channels.map((c) => [c, grand === 0 ? 1 / channels.length : (totals.get(c) as number) / grand]),
  );
  const customers = [...perCustomer].map(([customerId, counts]) => {
    const total = [...counts.values()].reduce((s, v) => s + v, 0);
    const shares: Record<string, number> = {};
    const smoothed: Record<string, number> = {};
    for (const c of channels) {
      const n = counts.get(c) ?? 0;
      shares[c] = total === 0 ? 0 : n / total;
      smoothed[c] =
        total + priorStrength === 0
          ? (population[c] as number)
          : (n + priorStrength * (population[c] as number)) / (total + priorStrength);
    }
    let preferred = channels[0] as string;
    for (const c of channels) {
      const ds = (smoothed[c] as number) - (smoothed[preferred] as number);
      if (ds > 0 || (ds === 0 && (population[c] as number) > (population[preferred] as number)))
        preferred = c;
    }
    return { customerId, total, shares, smoothed, preferred };
  });
  return { channels, population, customers };
}
