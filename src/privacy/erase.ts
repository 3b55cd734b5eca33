import type { Db } from '../db/index';
import type { ErasureReport } from './schema';
import { withTenant } from '../db/index';
import { ERASED_NAME, erasePersonProfile, lockPersonForErasure } from '../customers/index';
import { eraseImportedLines } from '../imports/index';
import { erasePersonInteractions } from '../interactions/index';
import { authorize, notFound, type Principal, redactJobs, redactPersonAudit } from '../platform/index';
import { erasePersonSales } from '../sales/index';
import { erasePersonTasks } from '../tasks/index';
import { erasePersonLiveEvents } from '../telephony/index';

export { ERASED_NAME };

/**
 * Erases a person's personal data everywhere it is stored, in one transaction, each slice clearing
 * its own tables through its own function: the profile and identities, labels, consent proofs and
 * candidate pairs (customers); the contents of their interactions, and their identifiers in others'
 * (interactions); references and free text on their orders, payments, returns and costs (sales);
 * their tasks' text and the notes on them and their records (tasks); the refused lines of imported
 * files that carry them (imports); the screen pops kept for reconnecting streams that name them
 * (telephony); job inputs and outputs that name them, and the values of every
 * audit entry about them, redacted in place (platform). Order amounts stay, of a nameless person, for
 * the figures; consent history stays as proof. The erasure's own audit entry counts what was erased.
 */
export async function erasePerson(db: Db, actor: Principal, personId: string): Promise<ErasureReport> {
  authorize(actor, 'people', 'delete');
  const ws = actor.workspaceId;
  return withTenant(db, ws, async (trx) => {
    const owner = await lockPersonForErasure(trx, ws, personId);
    if (!owner) throw notFound('Person');
    authorize(actor, 'people', 'delete', owner);
    const profile = await erasePersonProfile(trx, ws, personId);
    const interactions = await erasePersonInteractions(trx, ws, profile.traces);
    const sales = await erasePersonSales(trx, ws, personId, profile.traces);
    const tasks = await erasePersonTasks(trx, ws, personId, {
      orders: sales.orders,
      interactions: interactions.erased,
    });
    const report: ErasureReport = {
      personId,
      identitiesDeleted: profile.identitiesDeleted,
      interactionsErased: interactions.erased.length,
      notesDeleted: tasks.notes.length,
      tasksErased: tasks.tasks.length,
      ordersAnonymised: sales.orders.length,
      importLinesRedacted: await eraseImportedLines(trx, ws, profile.traces),
      jobsRedacted: await redactJobs(trx, ws, profile.traces),
      liveEventsDeleted: await erasePersonLiveEvents(trx, ws, profile.traces),
    };
    const objects = [
      ...interactions.erased.map((id) => ({ objectType: 'interactions', objectId: id })),
      ...sales.orders.map((id) => ({ objectType: 'orders', objectId: id })),
      ...sales.payments.map((id) => ({ objectType: 'payments', objectId: id })),
      ...sales.returns.map((id) => ({ objectType: 'order_returns', objectId: id })),
      ...sales.costs.map((id) => ({ objectType: 'costs', objectId: id })),
      ...sales.leads.map((id) => ({ objectType: 'leads', objectId: id })),
      ...sales.opportunities.map((id) => ({ objectType: 'opportunities', objectId: id })),
      ...sales.activities.map((id) => ({ objectType: 'sales_activities', objectId: id })),
      ...sales.quotes.map((id) => ({ objectType: 'quotes', objectId: id })),
      ...tasks.tasks.map((id) => ({ objectType: 'tasks', objectId: id })),
      ...tasks.notes.map((id) => ({ objectType: 'notes', objectId: id })),
    ];
    const { personId: _, ...counts } = report;
    await redactPersonAudit(trx, actor, {
      traces: profile.traces,
      objects,
      before: { personal_data: 'present' },
      after: { personal_data: 'erased', ...counts },
    });
    return report;
  });
}
