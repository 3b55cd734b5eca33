import type { Database } from '../db/index';
import { type Principal, SYSTEM_PRINCIPAL } from '../platform/index';
import {
  acceptQuote,
  closeOpportunity,
  convertLead,
  createLead,
  createLeadForm,
  createOpportunity,
  createPipeline,
  createQuote,
  createQuoteLink,
  listCloseReasons,
  listPipelines,
  logActivity,
  moveOpportunity,
  type PipelineView,
  reviseQuote,
  updateLead,
} from '../sales/index';
import { Random } from './generator/index';

/** A customer the demo's deals can be about: a person, their account (if any) and email. */
export interface DealCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  accountId: string | null;
  accountName: string | null;
  email: string | null;
}

export interface SalesSeedInput {
  /** False: make nothing (a workspace of generated rows only, e.g. for benchmarks). */
  enabled: boolean;
  workspaceId: string;
  seed: number;
  /** The data ends before this day: activities are before it, expected closes after it. */
  endDate: Date;
  /** Business customers first (people of accounts), then others. */
  customers: readonly DealCustomer[];
  products: readonly { id: string }[];
  /** The sales reps: they own the deals and log the calls. */
  reps: readonly string[];
}

export interface SalesSeedCounts {
  leads: number;
  opportunities: number;
  activities: number;
  quotes: number;
}

const DAY = 86_400_000;
const PROSPECTS = [
  ['Priya', 'Natarajan', 'Northwind Traders'],
  ['Tom', 'Becker', 'Fabrikam'],
  ['Lena', 'Hoffmann', 'Contoso Pharma'],
  ['Marcus', 'Reid', 'Tailspin Toys'],
  ['Aiko', 'Tanaka', 'Wide World Importers'],
  ['Sofia', 'Alvarez', 'Alpine Ski House'],
  ['James', 'Okafor', 'Blue Yonder Airlines'],
  ['Emma', 'Laurent', 'Coho Winery'],
  ['Noah', 'Fischer', 'Adventure Works'],
  ['Olivia', 'Brown', 'Litware'],
  ['Lucas', 'Silva', 'Proseware'],
  ['Mia', 'Kowalski', 'Woodgrove Bank'],
] as const;
const SOURCES = ['web_form', 'trade show', 'referral', 'cold call', 'webinar', 'partner'] as const;
const CAMPAIGNS = ['spring launch', 'retail expo', null, 'newsletter', null] as const;
const OUTCOMES = [
  'Interested, wants pricing for the whole team',
  'Needs sign-off from finance',
  'Comparing with a competitor',
  'Positive demo, asked for references',
  'No answer, left a message',
  'Agreed on scope; quote next',
] as const;
const NEXT_STEPS = [
  'Send the quote',
  'Book a demo for IT',
  'Call back after budget review',
  'Send references',
] as const;

/** The customer as a rep acting on the demo's data (the demo's own principal, with the rep's id). */
const asRep = (workspaceId: string, userId: string): Principal => ({
  ...SYSTEM_PRINCIPAL(workspaceId),
  userId,
  roleName: 'sales',
  via: 'token',
});

/**
 * The demo's sales: a second pipeline, a web form, leads in every status (some from known customers'
 * emails, some converted), open opportunities across both pipelines and their stages, won and lost
 * ones, sales calls, meetings and demos, and quotes (drafts, sent with a link, accepted with an order).
 * Everything goes through the sales slice's own functions; the same seed makes the same deals.
 */
export async function seedSales(database: Database, input: SalesSeedInput): Promise<SalesSeedCounts> {
  const { db } = database;
  const ws = input.workspaceId;
  const system = SYSTEM_PRINCIPAL(ws);
  const rng = new Random(input.seed, 0x5a1e5);
  const counts: SalesSeedCounts = { leads: 0, opportunities: 0, activities: 0, quotes: 0 };
  if (!input.enabled || input.customers.length === 0 || input.products.length === 0) return counts;
  const reps = input.reps.length > 0 ? input.reps : [null];
  const rep = () => rng.pick(reps);
  const actorFor = (owner: string | null) => (owner ? asRep(ws, owner) : system);
  const scale = Math.min(1, input.customers.length / 400);
  const n = (full: number, least: number) => Math.max(least, Math.round(full * scale));
  const day = (offset: number) => new Date(input.endDate.getTime() + offset * DAY).toISOString().slice(0, 10);
  const time = (daysAgo: number) =>
    new Date(input.endDate.getTime() - daysAgo * DAY - rng.int(1, 8) * 3_600_000);
  const lines = () =>
    Array.from({ length: rng.int(1, 3) }, () => ({
      productId: rng.pick(input.products).id,
      quantity: rng.int(1, 20),
      ...(rng.chance(0.3) ? { discount: rng.int(1, 5) * 5 } : {}),
    }));

  const [sales] = (await listPipelines(db, system)).items as [PipelineView];
  const renewals = await createPipeline(db, system, {
    name: 'Renewals',
    stages: [
      { name: 'Due', probability: 60 },
      { name: 'Renewal quoted', probability: 80 },
      { name: 'Verbal yes', probability: 95 },
    ],
  });
  const reasons = (await listCloseReasons(db, system)).items;
  await createLeadForm(db, system, {
    name: 'Website contact form',
    allowedOrigin: 'https://www.demo-retail.example',
    campaign: 'spring launch',
  });

  // Leads: prospects from outside, and a few from customers the workspace knows (their email).
  const leadCount = n(PROSPECTS.length + 6, 4);
  const leads: { id: string; owner: string | null }[] = [];
  for (let i = 0; i < leadCount; i++) {
    const owner = rep();
    const known = i >= PROSPECTS.length || rng.chance(0.15) ? rng.pick(input.customers) : null;
    const prospect = PROSPECTS[i % PROSPECTS.length] as (typeof PROSPECTS)[number];
    const { lead } = await createLead(db, actorFor(owner), {
      firstName: known?.firstName ?? prospect[0],
      lastName: known?.lastName ?? prospect[1],
      email:
        known?.email ??
        `${prospect[0].toLowerCase()}@${prospect[2].toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      company: known?.accountName ?? prospect[2],
      source: rng.pick(SOURCES),
      campaign: rng.pick(CAMPAIGNS),
      message: rng.chance(0.5) ? 'Please send us pricing for our team.' : null,
      ownerId: owner,
    });
    leads.push({ id: lead.id, owner });
    counts.leads++;
  }
  const opportunities: {
    id: string;
    owner: string | null;
    pipeline: PipelineView;
    stage: number;
    priced: boolean;
  }[] = [];
  for (const [i, lead] of leads.entries()) {
    const roll = i % 6;
    if (roll === 1) await updateLead(db, actorFor(lead.owner), lead.id, { status: 'working' });
    if (roll === 2)
      await updateLead(db, actorFor(lead.owner), lead.id, {
        status: 'disqualified',
        disqualifyReason: 'No budget this year',
      });
    if (roll === 3 || roll === 4) {
      const conversion = await convertLead(db, actorFor(lead.owner), lead.id, {
        amount: rng.int(20, 200) * 100,
        currency: 'USD',
        expectedClose: day(rng.int(10, 90)),
      });
      opportunities.push({
        id: conversion.opportunity.id,
        owner: lead.owner,
        pipeline: sales,
        stage: 0,
        priced: false,
      });
      counts.opportunities++;
    }
  }

  // Open opportunities across both pipelines, moved along their stages (so each has a history).
  const openCount = n(40, 6);
  for (let i = 0; i < openCount; i++) {
    const customer = input.customers[i % input.customers.length] as DealCustomer;
    const owner = rep();
    const pipeline = i % 4 === 3 ? renewals : sales;
    const detail = await createOpportunity(db, actorFor(owner), {
      name: `${customer.accountName ?? [customer.firstName, customer.lastName].filter(Boolean).join(' ')}: ${pipeline === renewals ? 'renewal' : rng.pick(['new seats', 'upgrade', 'pilot', 'expansion'])}`,
      personId: customer.id,
      ...(customer.accountId ? { accountId: customer.accountId } : {}),
      pipelineId: pipeline.id,
      currency: 'USD',
      expectedClose: day(rng.int(-5, 120)),
      lines: lines(),
      ownerId: owner ?? undefined,
      nextStep: rng.chance(0.5) ? rng.pick(NEXT_STEPS) : null,
    });
    counts.opportunities++;
    opportunities.push({ id: detail.id, owner, pipeline, stage: 0, priced: true });
  }
  for (const o of opportunities) {
    const target = rng.int(0, o.pipeline.stages.length - 1);
    for (let s = 1; s <= target; s++) {
      await moveOpportunity(db, actorFor(o.owner), o.id, (o.pipeline.stages[s] as { id: string }).id);
      o.stage = s;
    }
  }

  // Calls, meetings and demos on the deals, before the data's end; some schedule the next step.
  for (const [i, o] of opportunities.entries()) {
    const calls = rng.int(0, 3);
    for (let c = 0; c < calls; c++) {
      await logActivity(db, actorFor(o.owner), o.id, {
        kind: rng.pick(['call', 'call', 'meeting', 'demo'] as const),
        occurredAt: time(rng.int(1, 40)).toISOString(),
        durationMinutes: rng.int(5, 60),
        outcome: rng.pick(OUTCOMES),
        ...(c === calls - 1 ? { nextStep: rng.pick(NEXT_STEPS) } : {}),
        ...(c === calls - 1 && i % 5 === 0 && o.owner
          ? { task: { dueAt: new Date(input.endDate.getTime() + rng.int(1, 10) * DAY).toISOString() } }
          : {}),
      });
      counts.activities++;
    }
  }

  // Quotes on the deals in the later stages: drafts, revised ones, sent with a link, one accepted.
  const late = opportunities.filter((o) => o.pipeline === sales && o.stage >= 2 && o.priced);
  for (const [i, o] of late.entries()) {
    const actor = actorFor(o.owner);
    const quote = await createQuote(db, actor, o.id, { terms: 'Payment within 30 days of the invoice.' });
    counts.quotes++;
    if (i % 3 === 1)
      await reviseQuote(db, actor, quote.id, {
        terms: 'Payment within 14 days; 2 % early payment discount.',
      });
    if (i % 3 !== 0) await createQuoteLink(db, actor, quote.id, {});
    if (i === 2 || i === 5)
      await acceptQuote(db, actor, quote.id, { revision: i % 3 === 1 ? 2 : 1, name: 'Signed on paper' });
  }

  // Closed deals: won and lost, with reasons from the list.
  const closedCount = n(20, 4);
  const won = reasons.filter((r) => r.kind === 'won');
  const lost = reasons.filter((r) => r.kind === 'lost');
  for (let i = 0; i < closedCount; i++) {
    const customer = input.customers[(openCount + i) % input.customers.length] as DealCustomer;
    const owner = rep();
    const actor = actorFor(owner);
    const detail = await createOpportunity(db, actor, {
      name: `${customer.accountName ?? customer.lastName ?? 'Customer'}: ${rng.pick(['annual plan', 'bulk order', 'store fit-out'])}`,
      personId: customer.id,
      ...(customer.accountId ? { accountId: customer.accountId } : {}),
      currency: 'USD',
      expectedClose: day(-rng.int(1, 60)),
      lines: lines(),
      ownerId: owner ?? undefined,
    });
    counts.opportunities++;
    if (i % 3 === 0)
      await closeOpportunity(db, actor, detail.id, 'lost', {
        reasonId: rng.pick(lost).id,
        note: 'Chose another supplier',
      });
    else await closeOpportunity(db, actor, detail.id, 'won', { reasonId: rng.pick(won).id });
  }
  return counts;
}
