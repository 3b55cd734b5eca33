import { linkPersonToAccount, resolveIdentifiers } from '../../customers/index';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import {
  authorize,
  conflict,
  invalid,
  type Principal,
  recordAudit,
  workspaceRegion,
} from '../../platform/index';
import { missingReference, ownerOf, ownership } from '../pipeline/access';
import { actorId, insertOpportunity, loadDetail } from '../pipeline/opportunities';
import { deals } from '../pipeline/tables';
import { loadLead, loadLeadRow, nameOf } from './leads';
import type { Conversion, ConvertInput } from './schema';

/**
 * Converts a lead in one transaction: its person (found at capture by identity resolution; made now,
 * under the external id `lead:<id>`, for a lead with a name but no email or phone), its account (the
 * one given, or one named like the lead's company: found, or made; none with skipAccount), and a new
 * opportunity for them in the pipeline and stage given (default: the default pipeline's first stage).
 * The lead becomes qualified and keeps what it became; its person moves to pre-sales. A lead converted
 * already, or disqualified, is a 409 naming `status`, and nothing changes.
 */
export async function convertLead(
  db: Db,
  actor: Principal,
  leadId: string,
  input: ConvertInput,
): Promise<Conversion> {
  authorize(actor, 'leads', 'update');
  authorize(actor, 'opportunities', 'create');
  const seen = await withTenant(db, actor.workspaceId, (trx) => loadLeadRow(trx, actor.workspaceId, leadId));
  assertConvertible(seen);
  const owner = await ownerOf(db, actor, input.ownerId ?? seen.owner_id ?? undefined);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const lead = await loadLeadRow(trx, ws, leadId, true);
    authorize(actor, 'leads', 'update', ownership(lead));
    assertConvertible(lead);
    const name = nameOf({ firstName: lead.first_name, lastName: lead.last_name });
    let personId = lead.person_id;
    if (!personId && name) {
      const [made] = await resolveIdentifiers(trx, actor, await workspaceRegion(trx, ws), [
        { externalId: `lead:${lead.id}`, name },
      ]);
      if (made?.ok) personId = made.resolution.personId;
    }
    const accountName = input.accountName ?? lead.company ?? undefined;
    const wantsAccount = !input.skipAccount && (input.accountId !== undefined || accountName !== undefined);
    const account = wantsAccount
      ? await linkPersonToAccount(trx, actor, {
          personId,
          accountId: input.accountId,
          accountName,
          role: lead.job_title,
        })
      : null;
    if (!personId && !account)
      throw invalid(
        'accountName',
        'the lead has no name, email, phone or company: give an account to convert it to',
      );
    const opportunityId = await insertOpportunity(trx, actor, {
      name: input.opportunityName ?? `${lead.company ?? name ?? 'New business'}: new business`,
      personId,
      accountId: account?.accountId ?? null,
      leadId: lead.id,
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      amount: input.amount,
      currency: input.currency,
      expectedClose: input.expectedClose,
      ...owner,
    });
    await deals(trx)
      .updateTable('leads')
      .set({
        status: 'qualified',
        disqualify_reason: null,
        person_id: personId,
        account_id: account?.accountId ?? null,
        opportunity_id: opportunityId,
        converted_at: new Date(),
        converted_by: actorId(actor),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', lead.id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'leads',
      objectId: lead.id,
      before: { status: lead.status, converted_at: null },
      after: {
        status: 'qualified',
        person_id: personId,
        account_id: account?.accountId ?? null,
        opportunity_id: opportunityId,
      },
    });
    return {
      lead: await loadLead(trx, ws, lead.id),
      personId,
      accountId: account?.accountId ?? null,
      accountCreated: account?.created ?? false,
      opportunity: await loadDetail(trx, ws, opportunityId),
    };
  }).catch((err: unknown) => {
    throw missingReference(err, { owner_id: 'ownerId' });
  });
}

function assertConvertible(lead: {
  converted_at: Date | null;
  opportunity_id: string | null;
  status: string;
}) {
  if (lead.converted_at)
    throw conflict(
      `The lead was converted on ${lead.converted_at.toISOString().slice(0, 10)} (opportunity ${lead.opportunity_id})`,
      'status',
    );
  if (lead.status === 'disqualified')
    throw conflict('The lead is disqualified: qualify it again first', 'status');
}
