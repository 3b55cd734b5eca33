import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { errorMessage } from '../lib/api';
import { SelectField } from '../ui/Field';
import { Panel } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../lib/vocabulary';
import { type Customer360, customerKeys, updatePerson } from './customer-api';
import { formatDate, humanise } from './format';
import { IdentityEditor } from './IdentityEditor';

/** Lifecycle stage (a select when the role may change it), account and identities. */
export function CustomerSummary({
  customer,
  editable,
  users,
}: {
  customer: Customer360;
  editable: boolean;
  /** User names by id, for the owner. */
  users: Map<string, string>;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const stage = useMutation({
    mutationFn: (next: LifecycleStage) => updatePerson(customer.id, { lifecycleStage: next }),
    onSuccess: async (_, next) => {
      toast.show(`Lifecycle stage: ${humanise(next)}`);
      await queryClient.invalidateQueries({ queryKey: customerKeys.c360(customer.id) });
    },
    onError: (error) => toast.show(`Could not change the stage: ${errorMessage(error)}`, 'error'),
  });
  const account = customer.account;

  return (
    <Panel title="Customer" testId="summary">
      <SelectField
        label="Lifecycle stage"
        value={stage.isPending ? (stage.variables ?? customer.lifecycle.stage) : customer.lifecycle.stage}
        onChange={(e) => stage.mutate(e.target.value as LifecycleStage)}
        options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: humanise(s) }))}
        readOnly={!editable}
        hint={customer.lifecycle.since ? `Since ${formatDate(customer.lifecycle.since)}` : undefined}
      />
      <dl className="facts">
        <dt>Account</dt>
        <dd>
          {account ? <Link to={paths.account(account.id)}>{account.name}</Link> : 'None'}
          {account?.domain ? <span className="item-list__meta"> · {account.domain}</span> : null}
        </dd>
        <dt>Owner</dt>
        <dd>
          {customer.profile.ownerId ? (users.get(customer.profile.ownerId) ?? 'Another user') : 'Nobody'}
        </dd>
        <dt>Customer since</dt>
        <dd>{formatDate(customer.profile.createdAt)}</dd>
      </dl>
      <h3 className="panel__subtitle">Identities</h3>
      <IdentityEditor personId={customer.id} identities={customer.identities} editable={editable} />
    </Panel>
  );
}
