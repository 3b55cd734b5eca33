import type { LifecycleStage } from '../../customers/index';
import { DAY_MS, isoDate } from './calendar';
import { CATEGORY_NAMES, type ProductPicker } from './catalog';
import { asciiName, CULTURES, type CultureName } from './names';
import {
  generateOrders,
  NON_BUYER_SHARE,
  ORDER_CHANNEL_WEIGHTS,
  ORDER_CHANNELS,
  type OrderChannel,
  purchaseTimes,
} from './purchases';
import { Random } from './random';
import { REGION_WEIGHTS, REGIONS, regionAddress } from './regions';
import type { CustomerBatch } from './tables';
import { type Agents, generateTouchpoints } from './touchpoints';

export interface CustomerContext {
  seed: number;
  workspaceId: string;
  startMs: number;
  endMs: number;
  picker: ProductPicker;
  accountIds: readonly string[];
  accountDomains: readonly string[];
  agents: Agents;
}

/** Random stream of customer i (products and accounts use streams 1 and 2). */
const CUSTOMER_STREAM = 3;

const CULTURE_CHOICES = REGIONS.map((region) => {
  const names = Object.keys(region.cultures) as CultureName[];
  return { names, weights: names.map((n) => region.cultures[n] as number) };
});

/** Acquisition grows over the window: density proportional to 1 + GROWTH * x on [0, 1]. */
const GROWTH = 0.8;

const NOTES = [
  'Prefers delivery after 6 pm.',
  'VIP: always offer the "first look" preview.',
  'Allergic to nuts; check grocery substitutions.',
  'Call, don\'t text.\nAsk for "Sam" at reception.',
  'Uses the C:\\Orders\\export path for invoices.',
  'Wheelchair user: ground-floor pickup.\tPrefers the Mall store.',
];

const ROLES = ['buyer', 'office manager', 'procurement', 'owner', 'assistant'];

/** Appends person i, their identities, orders, lines and touchpoints to the batch. */
export function generateCustomer(ctx: CustomerContext, i: number, out: CustomerBatch): void {
  const rng = new Random(ctx.seed, CUSTOMER_STREAM, i);
  const ws = ctx.workspaceId;
  const personId = rng.uuid();
  const regionIndex = rng.weighted(REGION_WEIGHTS);
  const region = REGIONS[regionIndex] as (typeof REGIONS)[number];
  const choice = CULTURE_CHOICES[regionIndex] as (typeof CULTURE_CHOICES)[number];
  const culture = CULTURES[choice.names[rng.weighted(choice.weights)] as CultureName];
  const given = rng.pick(rng.chance(0.5) ? culture.female : culture.male);
  const family = rng.pick(culture.family);
  const displayName = region.country === 'JP' ? `${family} ${given}` : `${given} ${family}`;
  const { address, city } = regionAddress(rng, region);

  // When they arrive, and what kind of customer they are.
  const span = ctx.endMs - ctx.startMs - DAY_MS;
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * (1 + GROWTH / 2) * rng.next())) / GROWTH;
  const acquiredMs = ctx.startMs + Math.floor(x * span);
  const firstTouchMs = Math.max(ctx.startMs, acquiredMs - Math.floor(rng.exponential(1 / 7) * DAY_MS));
  const buyer = !rng.chance(NON_BUYER_SHARE);
  const accountIndex =
    ctx.accountIds.length > 0 && rng.chance(0.1) ? rng.int(0, ctx.accountIds.length - 1) : -1;
  const primaryChannel = ORDER_CHANNELS[rng.weighted(ORDER_CHANNEL_WEIGHTS)] as OrderChannel;
  const hasEmail = rng.chance(0.92);
  const hasPhone = rng.chance(0.7) || primaryChannel === 'phone';

  const times = buyer ? purchaseTimes(rng, acquiredMs, ctx.endMs) : [];
  const categories = new Set<string>();
  const orders = generateOrders(
    rng,
    ws,
    {
      personId,
      primaryChannel,
      favouriteCategory: rng.pick(CATEGORY_NAMES),
      basket: rng.beta(2, 3),
      business: accountIndex >= 0,
    },
    times,
    ctx.endMs,
    ctx.picker,
    out.orders,
    out.order_lines,
    categories,
  );
  const lastOrderMs = orders.length > 0 ? (orders[orders.length - 1]?.at ?? acquiredMs) : acquiredMs;
  const activeUntilMs = Math.min(ctx.endMs, buyer ? lastOrderMs + 60 * DAY_MS : firstTouchMs + 120 * DAY_MS);

  const earliestTouch = generateTouchpoints(
    rng,
    ws,
    {
      personId,
      givenName: given,
      city: city.name,
      hasEmail,
      subscribed: rng.chance(0.8),
      sms: hasPhone && rng.chance(0.2),
      engagement: rng.beta(2, 3),
      firstTouchMs,
      activeUntilMs,
    },
    orders,
    ctx.agents,
    ctx.startMs,
    ctx.endMs,
    out.interactions,
  );

  // Known from the first touch: a catalogue or a visit may come before the first order.
  const createdMs = Math.min(firstTouchMs, earliestTouch, orders[0]?.at ?? firstTouchMs);
  const createdIso = isoDate(createdMs);
  const account = accountIndex >= 0;
  const stage = lifecycleStage(rng, orders.length, categories.size, ctx.endMs - lastOrderMs, account);
  const endYear = new Date(ctx.endMs).getUTCFullYear();
  out.people.push([
    ws,
    personId,
    given,
    family,
    displayName,
    rng.chance(0.65) ? `${endYear - rng.int(18, 80)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}` : null,
    address,
    rng.chance(0.95) ? region.language : 'en',
    rng.chance(0.04) ? rng.pick(NOTES) : null,
    account && ctx.agents.sales.length > 0 ? rng.pick(ctx.agents.sales) : null,
    stage,
    account ? ctx.accountIds[accountIndex] : null,
    account ? rng.pick(ROLES) : null,
    createdIso,
    isoDate(Math.max(firstTouchMs, lastOrderMs)),
  ]);

  // Identities as the customers slice stores them (normaliseIdentity): value normalised (emails
  // lower-case, phones E.164), raw as the customer gave it, source the system of an external id.
  const first = asciiName(given) || 'customer';
  const last = asciiName(family) || 'x';
  const identity = (kind: string, value: string, raw: string, source: string | null = null) =>
    out.identities.push([ws, rng.uuid(), personId, kind, value, raw, source, createdIso]);
  if (hasEmail) {
    const email = `${emailLocal(rng, first, last)}${i + 1}@${rng.pick(region.emailDomains)}`;
    identity('email', email, rng.chance(0.15) ? capitalise(email) : email);
  }
  if (hasPhone) {
    const phone = region.phone(rng, city, i);
    identity('phone', phone.e164, phone.raw);
  }
  if (account) {
    // Work address: a short base-36 tag keeps two namesakes at one company apart.
    const email = `${first}.${last}.${i.toString(36)}@${ctx.accountDomains[accountIndex]}`;
    identity('email', email, email);
  }
  if (buyer && (primaryChannel === 'web' || primaryChannel === 'mobile_app' || rng.chance(0.3))) {
    identity('external', `shop:${100_000 + i}`, `shop:${100_000 + i}`, 'shop');
  }
  if (buyer && (primaryChannel === 'store' || rng.chance(0.15))) {
    identity('external', `pos:${9_000_000 + i}`, `pos:${9_000_000 + i}`, 'pos');
  }
  if (primaryChannel === 'mobile_app' || rng.chance(0.1)) {
    const device = rng.uuid();
    identity('device', device, device);
  }
  out.customers++;
}

/**
 * The stage the customers slice would show (LIFECYCLE_STAGES): leads by how far they got, then
 * customer (one order), retained (repeat), expanded (repeat across 4+ categories), churned (no
 * order for 180 days).
 */
function lifecycleStage(
  rng: Random,
  orders: number,
  categories: number,
  sinceLastMs: number,
  business: boolean,
): LifecycleStage {
  if (orders === 0) {
    const u = rng.next();
    if (business) return u < 0.4 ? 'consideration' : u < 0.75 ? 'pre_sales' : 'evaluation';
    return u < 0.45 ? 'awareness' : u < 0.75 ? 'knowledge' : 'consideration';
  }
  if (sinceLastMs > 180 * DAY_MS) return 'churned';
  if (orders === 1) return 'customer';
  return categories >= 4 ? 'expanded' : 'retained';
}

function emailLocal(rng: Random, first: string, last: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${first}.${last}`;
    case 1:
      return `${first}${last}`;
    case 2:
      return `${first[0]}${last}`;
    case 3:
      return `${first}_${last}`;
    default:
      return `${last}.${first}`;
  }
}

/** `jane.doe7@x.example` as some people type it: `Jane.Doe7@x.example`. */
function capitalise(email: string): string {
  const at = email.indexOf('@');
  const local = email
    .slice(0, at)
    .replace(/(^|[._])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  return local + email.slice(at);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
