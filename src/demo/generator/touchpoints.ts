import type { Channel as InteractionChannel } from '../../interactions/index';
import { atHourOf, DAY_MS, HOURS, isoDate } from './calendar';
import type { PlacedOrder } from './purchases';
import type { Random } from './random';
import type { Row } from './tables';

/** What the touchpoint generator knows of one customer. */
export interface Contact {
  personId: string;
  givenName: string;
  city: string;
  hasEmail: boolean;
  /** Receives marketing email. */
  subscribed: boolean;
  /** Receives shipping texts. */
  sms: boolean;
  /** 0..1: opens and clicks. */
  engagement: number;
  firstTouchMs: number;
  /** Browsing and marketing stop here (dropout, or the end of the data). */
  activeUntilMs: number;
}

export interface Agents {
  sales: readonly string[];
  service: readonly string[];
}

/** Every channel of interactions but `other`. */
type Channel = Exclude<InteractionChannel, 'other'>;

interface Touch {
  channel: Channel;
  direction: 'inbound' | 'outbound';
  type: string;
  at: number;
  duration?: number | null;
  agentId?: string | null;
  subject?: string | null;
  summary?: string | null;
  body?: string | null;
  metadata: Record<string, unknown>;
}

const SUPPORT = [
  { subject: 'Where is my order?', summary: 'Asked for the delivery status; tracking link re-sent.' },
  {
    subject: 'Return request',
    summary: 'Wrong size: wants to return it. Return label e-mailed; refund on receipt.',
  },
  {
    subject: 'Damaged item',
    summary: 'Parcel arrived damaged ("box crushed"); replacement shipped at no charge.',
  },
  { subject: 'Change delivery address', summary: 'Updated the address before dispatch.' },
  {
    subject: 'Billing question',
    summary: 'Thought they were charged twice: explained the card pre-authorisation.',
  },
  { subject: 'Product question', summary: "Asked whether it's dishwasher-safe\tand how to clean it." },
  { subject: 'Missing item', summary: 'One item missing from the parcel; sent separately.' },
];

const REFERRERS = ['google', 'direct', 'newsletter', 'instagram', 'facebook', 'bing', 'affiliate'];
const REFERRER_WEIGHTS = [0.38, 0.25, 0.12, 0.1, 0.07, 0.04, 0.04];
const PAGES = [
  '/',
  '/new',
  '/sale',
  '/category/apparel',
  '/category/home',
  '/category/grocery',
  '/search',
  '/account',
];
const STORES = ['Downtown', 'Mall', 'Outlet', 'Airport'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function campaign(ms: number): { key: string; subject: string } {
  const date = new Date(ms);
  const month = date.getUTCMonth();
  const year = date.getUTCFullYear();
  if (month === 10)
    return { key: `black-friday-${year}`, subject: 'Black Friday: 25% off almost everything' };
  if (month === 11) return { key: `holiday-gifts-${year}`, subject: 'The holiday gift guide is here 🎁' };
  if (month === 0) return { key: `winter-sale-${year}`, subject: 'Winter sale: last chance' };
  return {
    key: `newsletter-${year}-${String(month + 1).padStart(2, '0')}`,
    subject: `What's new in ${MONTHS[month]}`,
  };
}

/**
 * Every touchpoint of one customer: around the orders, browsing, marketing, support, social.
 * Returns the time of the earliest one written (Infinity if none).
 */
export function generateTouchpoints(
  rng: Random,
  workspaceId: string,
  contact: Contact,
  orders: readonly PlacedOrder[],
  agents: Agents,
  startMs: number,
  endMs: number,
  out: Row[],
): number {
  const touches: Touch[] = [];
  const agent = (pool: readonly string[]) => (pool.length > 0 ? rng.pick(pool) : null);

  for (const order of orders) {
    const before = order.at - rng.int(2, 40) * 60_000;
    switch (order.channel) {
      case 'web': {
        const pages = rng.int(3, 25);
        touches.push({
          channel: 'web',
          direction: 'inbound',
          type: 'page_view',
          at: before,
          duration: pages * rng.int(15, 60),
          metadata: {
            path: '/checkout',
            pages,
            device: rng.chance(0.55) ? 'mobile' : 'desktop',
            referrer: REFERRERS[rng.weighted(REFERRER_WEIGHTS)],
          },
        });
        break;
      }
      case 'mobile_app':
        touches.push({
          channel: 'mobile_app',
          direction: 'inbound',
          type: 'app_session',
          at: before,
          duration: rng.int(60, 900),
          metadata: { screens: rng.int(2, 30), platform: rng.chance(0.55) ? 'ios' : 'android' },
        });
        break;
      case 'store':
        touches.push({
          channel: 'store',
          direction: 'inbound',
          type: 'store_visit',
          at: before,
          duration: rng.int(5, 50) * 60,
          metadata: { store: `${contact.city} ${rng.pick(STORES)}` },
        });
        break;
      case 'phone':
        touches.push({
          channel: 'phone',
          direction: 'inbound',
          type: 'call',
          at: before,
          duration: rng.int(120, 900),
          agentId: agent(agents.sales),
          subject: 'Phone order',
          summary: `Ordered ${order.lines} item${order.lines === 1 ? '' : 's'} by phone.`,
          metadata: { queue: 'orders', outcome: 'order placed' },
        });
        break;
      case 'mail':
        touches.push({
          channel: 'mail',
          direction: 'outbound',
          type: 'catalog_sent',
          at: order.at - rng.int(3, 20) * DAY_MS,
          metadata: { catalog: campaign(order.at).key },
        });
        break;
    }
    if (
      contact.sms &&
      (order.channel === 'web' || order.channel === 'mobile_app') &&
      order.status !== 'cancelled'
    ) {
      touches.push({
        channel: 'sms',
        direction: 'outbound',
        type: 'sms_sent',
        at: order.at + rng.int(18, 40) * 3_600_000,
        summary: 'Your order has shipped. Track it in the app.',
        metadata: { template: 'order_shipped' },
      });
    }
    if (order.status === 'returned' || rng.chance(0.05)) {
      touches.push(
        supportTouch(
          rng,
          contact,
          order.status === 'returned' ? SUPPORT[1] : undefined,
          order.at + rng.int(1, 10) * DAY_MS,
          agent(agents.service),
        ),
      );
    }
  }

  // Browsing without buying.
  const span = Math.max(DAY_MS, contact.activeUntilMs - contact.firstTouchMs);
  const visits = rng.poisson(1 + 0.3 * orders.length);
  for (let k = 0; k < visits; k++) {
    const app = rng.chance(0.2);
    const at = atHourOf(rng, contact.firstTouchMs + rng.next() * span, app ? HOURS.mobile_app : HOURS.web);
    const pages = rng.int(1, 12);
    touches.push(
      app
        ? {
            channel: 'mobile_app',
            direction: 'inbound',
            type: 'app_session',
            at,
            duration: rng.int(20, 600),
            metadata: { screens: pages, platform: rng.chance(0.55) ? 'ios' : 'android' },
          }
        : {
            channel: 'web',
            direction: 'inbound',
            type: 'page_view',
            at,
            duration: pages * rng.int(10, 60),
            metadata: {
              path: rng.pick(PAGES),
              pages,
              device: rng.chance(0.55) ? 'mobile' : 'desktop',
              referrer: REFERRERS[rng.weighted(REFERRER_WEIGHTS)],
            },
          },
    );
  }

  // Marketing email: a send every four weeks or so, opened by the engaged.
  if (contact.hasEmail && contact.subscribed) {
    for (
      let t = contact.firstTouchMs + rng.int(3, 28) * DAY_MS;
      t < contact.activeUntilMs + 60 * DAY_MS;
      t += 28 * DAY_MS
    ) {
      if (!rng.chance(0.3)) continue;
      const sent = Math.floor(t / DAY_MS) * DAY_MS + (9 + rng.int(0, 2)) * 3_600_000;
      const { key, subject } = campaign(sent);
      touches.push({
        channel: 'email',
        direction: 'outbound',
        type: 'email_sent',
        at: sent,
        subject,
        metadata: { campaign: key },
      });
      if (rng.chance(0.15 + 0.45 * contact.engagement)) {
        touches.push({
          channel: 'email',
          direction: 'inbound',
          type: 'email_opened',
          at: sent + rng.int(5, 60 * 30) * 60_000,
          subject,
          metadata: { campaign: key, clicked: rng.chance(0.1 + 0.4 * contact.engagement) },
        });
      }
    }
  }

  // A question before the first purchase, now and then.
  if (rng.chance(0.08))
    touches.push(
      supportTouch(
        rng,
        contact,
        SUPPORT[5],
        contact.firstTouchMs + rng.int(0, 5) * DAY_MS,
        agent(agents.service),
      ),
    );
  if (rng.chance(0.02)) {
    touches.push({
      channel: 'social',
      direction: 'inbound',
      type: 'social_mention',
      at: contact.firstTouchMs + rng.next() * span,
      summary: rng.chance(0.7)
        ? 'Posted a photo of their purchase, tagged us.'
        : 'Complained about a late delivery.',
      metadata: { network: rng.pick(['instagram', 'x', 'facebook', 'tiktok']) },
    });
  }

  let earliest = Number.POSITIVE_INFINITY;
  for (const touch of touches) {
    if (touch.at < startMs || touch.at >= endMs) continue;
    earliest = Math.min(earliest, touch.at);
    const iso = isoDate(touch.at);
    out.push([
      workspaceId,
      rng.uuid(),
      contact.personId,
      touch.channel,
      touch.direction,
      touch.type,
      iso,
      touch.duration ?? null,
      touch.agentId ?? null,
      touch.subject ?? null,
      touch.summary ?? null,
      touch.body ?? null,
      touch.metadata,
      iso,
    ]);
  }
  return earliest;
}

function supportTouch(
  rng: Random,
  contact: Contact,
  topic: (typeof SUPPORT)[number] | undefined,
  day: number,
  agentId: string | null,
): Touch {
  const { subject, summary } = topic ?? rng.pick(SUPPORT);
  const u = rng.next();
  if (u < 0.45) {
    return {
      channel: 'phone',
      direction: 'inbound',
      type: 'call',
      at: atHourOf(rng, day, HOURS.office),
      duration: rng.int(90, 1500),
      agentId,
      subject,
      summary,
      metadata: { queue: 'support', outcome: rng.chance(0.85) ? 'resolved' : 'callback' },
    };
  }
  if (u < 0.8) {
    return {
      channel: 'chat',
      direction: 'inbound',
      type: 'chat',
      at: atHourOf(rng, day, HOURS.anytime),
      duration: rng.int(120, 1800),
      agentId,
      subject,
      summary,
      metadata: { messages: rng.int(4, 30), rating: rng.chance(0.4) ? rng.int(1, 5) : null },
    };
  }
  return {
    channel: 'email',
    direction: 'inbound',
    type: 'email_received',
    at: atHourOf(rng, day, HOURS.anytime),
    agentId,
    subject,
    summary,
    body: `Hi,\n\n${summary}\nCould you help?\n\nThanks,\n${contact.givenName}`,
    metadata: { mailbox: 'support' },
  };
}
