import type { Db } from '../../db/index';
import { withAnalyticsScope } from './scope';
import { authorize, type Principal } from '../../platform/index';
import { type ChannelPreference, computeChannelPreferences } from '../models/channels/preference';
import { type ChannelSource, readChannelEvents } from '../feeds/channels';
import { attachNames } from './names';
import {
  type Page,
  type PageOptions,
  pageOf,
  readChoice,
  readDay,
  readNumber,
  readPage,
  requireBefore,
} from '../reports/options';

export interface ChannelOptions extends PageOptions {
  /** Last day (YYYY-MM-DD, UTC) counted; default today. */
  asOf?: string;
  /** First day counted; default all history. */
  from?: string;
  /** Touches counted: inbound interactions and purchases ('all', default), or one of them. */
  source?: string;
  /** Prior strength k of the smoothing toward the population mix, in touches (0 to < 1000, default 2). */
  priorStrength?: number;
}

export interface ChannelReport {
  asOf: string;
  from: string | null;
  source: ChannelSource;
  priorStrength: number;
  customers: number;
  channels: string[];
  /** Population share of each channel's touches. */
  population: Record<string, number>;
  /** Customers whose preferred channel is each channel. */
  preferred: Record<string, number>;
  /** Customers by touches, most first (ties by id). */
  detail: Page<ChannelPreference & { name?: string }>;
}

export const CHANNEL_SOURCES: readonly ChannelSource[] = ['all', 'interactions', 'orders'];

/**
 * Channel preference over the caller's workspace: per customer, the share of touches by channel
 * smoothed toward the population mix (Dirichlet prior of strength k) and the preferred channel.
 */
export async function analyzeChannels(
  db: Db,
  actor: Principal,
  options: ChannelOptions = {},
): Promise<ChannelReport> {
  authorize(actor, 'analytics', 'read');
  const asOf = readDay('asOf', options.asOf, new Date());
  const from = readDay('from', options.from);
  if (from) requireBefore('from', from, 'asOf', asOf);
  const source = readChoice('source', options.source, CHANNEL_SOURCES, 'all');
  const priorStrength = readNumber('priorStrength', options.priorStrength, 2, 0, 1000);
  const paging = readPage(options);
  const ws = actor.workspaceId;
  return withAnalyticsScope(db, ws, async (trx) => {
    const events = await readChannelEvents(trx, ws, { end: asOf.end, from: from?.date }, source);
    const result = computeChannelPreferences(events, priorStrength);
    const preferred = Object.fromEntries(result.channels.map((c) => [c, 0]));
    for (const c of result.customers) preferred[c.preferred] = (preferred[c.preferred] ?? 0) + 1;
    const sorted = result.customers.sort(
      (a, b) => b.total - a.total || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
    const detail = pageOf<ChannelPreference & { name?: string }>(sorted, paging);
    await attachNames(trx, ws, detail.items);
    return {
      asOf: asOf.iso,
      from: from?.iso ?? null,
      source,
      priorStrength,
      customers: result.customers.length,
      channels: result.channels,
      population: result.population,
      preferred,
      detail,
    };
  });
}
