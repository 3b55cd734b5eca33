import type { Channel } from '../../interactions/index';
import { atHourOf, DAY_MS, demand, HOURS, type HourProfile, isoDate, MAX_DEMAND } from './calendar';
import type { Product, ProductPicker } from './catalog';
import type { Random } from './random';
import type { Row } from './tables';

/**
 * The repeat-purchase process, per customer, as the BG/NBD model assumes it (Fader, Hardie and
 * Lee 2005): while alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha)
 * (per day here), and after each purchase drops out with probability p ~ Beta(a, b). The rate
 * is modulated by the calendar (`demand`), so the counts follow BG/NBD closely but not exactly.
 * With these values a customer who buys at all makes ~12 purchases in two years on average.
 */
export const PURCHASE_PROCESS = { r: 0.9, alpha: 10, a: 1.2, b: 14 } as const;

/** Share of people who never buy (leads). */
export const NON_BUYER_SHARE = 0.12;

export const ORDER_CHANNELS = [
  'web',
  'store',
  'mobile_app',
  'phone',
  'mail',
] as const satisfies readonly Channel[];
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export const ORDER_CHANNEL_WEIGHTS: readonly number[] = [0.42, 0.3, 0.16, 0.08, 0.04];

const HOUR_PROFILE: Record<OrderChannel, HourProfile> = {
  web: HOURS.web,
  store: HOURS.store,
  mobile_app: HOURS.mobile_app,
  phone: HOURS.office,
  mail: HOURS.anytime,
};

/** Purchase times (ms) from the first purchase at `firstMs` until dropout or `endMs`. */
export function purchaseTimes(rng: Random, firstMs: number, endMs: number): number[] {
  const { r, alpha, a, b } = PURCHASE_PROCESS;
  const lambda = rng.gamma(r, alpha); // per day
  const p = rng.beta(a, b);
  const times = [firstMs];
  let t = firstMs;
  for (;;) {
    if (rng.chance(p)) break;
    // Thinning: candidates at the peak rate, each kept with probability demand / peak.
    let kept = false;
    while (!kept) {
      t += rng.exponential(lambda * MAX_DEMAND) * DAY_MS;
      if (t >= endMs) return times;
      kept = rng.chance(demand(t) / MAX_DEMAND);
    }
    times.push(t);
  }
  return times;
}

export interface Shopper {
  personId: string;
  primaryChannel: OrderChannel;
  favouriteCategory: string;
  /** 0..1: how many lines an order tends to have. */
  basket: number;
  /** Whether the customer buys business quantities. */
  business: boolean;
}

export interface PlacedOrder {
  id: string;
  at: number;
  channel: OrderChannel;
  status: 'placed' | 'fulfilled' | 'cancelled' | 'returned';
  lines: number;
}

const money = (cents: number): string => (cents / 100).toFixed(2);
const QUANTITY_WEIGHTS = [0.78, 0.15, 0.05, 0.02];
const DISCOUNTS = [0.1, 0.15, 0.2, 0.25];

/** Orders and their lines for one customer; pushes rows and returns the orders for the touchpoints. */
export function generateOrders(
  rng: Random,
  workspaceId: string,
  shopper: Shopper,
  times: readonly number[],
  endMs: number,
  picker: ProductPicker,
  orders: Row[],
  lines: Row[],
  /** Receives the categories bought. */
  categories: Set<string>,
): PlacedOrder[] {
  const placed: PlacedOrder[] = [];
  for (const time of times) {
    const channel = rng.chance(0.7)
      ? shopper.primaryChannel
      : (ORDER_CHANNELS[rng.weighted(ORDER_CHANNEL_WEIGHTS)] as OrderChannel);
    let at = atHourOf(rng, time, HOUR_PROFILE[channel]);
    if (at >= endMs) at = time;
    placed.push({ id: rng.uuid(), at, channel, status: 'fulfilled', lines: 0 });
  }
  placed.sort((x, y) => x.at - y.at);
  for (const order of placed) {
    const age = endMs - order.at;
    const u = rng.next();
    order.status =
      age < 2 * DAY_MS
        ? 'placed'
        : u < 0.03
          ? 'cancelled'
          : u < 0.07 && age > 14 * DAY_MS
            ? 'returned'
            : 'fulfilled';
    let total = 0;
    let cost = 0;
    const chosen: number[] = [];
    const wanted =
      1 +
      (rng.chance(shopper.basket * 0.9) ? 1 : 0) +
      (rng.chance(shopper.basket * 0.6) ? 1 : 0) +
      (rng.chance(shopper.basket * 0.3) ? 1 : 0);
    for (let n = 0; n < wanted; n++) {
      const product = pickProduct(rng, picker, shopper, chosen);
      if (product === undefined) continue;
      chosen.push(product.index);
      categories.add(product.category);
      let quantity = 1 + rng.weighted(QUANTITY_WEIGHTS);
      if (shopper.business && rng.chance(0.4)) quantity *= rng.int(2, 10);
      const gross = quantity * product.priceCents;
      const discount = rng.chance(0.12) ? Math.round(gross * rng.pick(DISCOUNTS)) : 0;
      total += gross - discount;
      cost += quantity * product.costCents;
      lines.push([
        workspaceId,
        order.id,
        chosen.length,
        product.id,
        quantity,
        money(product.priceCents),
        money(discount),
        money(product.costCents),
      ]);
    }
    order.lines = chosen.length;
    const iso = isoDate(order.at);
    orders.push([
      workspaceId,
      order.id,
      shopper.personId,
      iso,
      order.channel,
      order.status,
      'USD',
      money(total),
      money(cost),
      null,
      iso,
    ]);
  }
  return placed;
}

/** The first line by popularity (half the time within the favourite category), later lines often companions. */
function pickProduct(
  rng: Random,
  picker: ProductPicker,
  shopper: Shopper,
  chosen: number[],
): Product | undefined {
  for (let attempt = 0; attempt < 6; attempt++) {
    let index: number;
    const first = chosen[0];
    const companions = first === undefined ? [] : (picker.products[first] as Product).companions;
    if (companions.length > 0 && rng.chance(0.45)) {
      index = rng.pick(companions);
    } else if (rng.chance(0.5)) {
      index = picker.category(shopper.favouriteCategory).pick(rng);
    } else {
      index = picker.pick(rng);
    }
    if (!chosen.includes(index)) return picker.products[index];
  }
  return undefined;
}
