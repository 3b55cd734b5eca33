import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageProps } from '../app/page';
import { Link, useRouter } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { formatPhone, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import '../ui/data.css';
import {
  type Candidate,
  type CandidatePerson,
  dismissPair,
  duplicateKeys,
  fetchCandidates,
  scanDuplicates,
} from './duplicates-api';
import { MergeView } from './MergeView';

/** /duplicates: candidate pairs with their evidence; /duplicates?a=…&b=… compares two people side by side and merges them. */
export function DuplicatesPage({ session }: PageProps) {
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const a = params.get('a');
  const b = params.get('b');
  if (a && b) return <MergeView ids={{ a, b }} onBack={() => navigate('/duplicates')} />;
  return <Review mayMerge={can(session.permissions, 'people', 'update')} />;
}

function Review({ mayMerge }: { mayMerge: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { navigate } = useRouter();
  const candidates = useQuery({
    queryKey: duplicateKeys.candidates,
    queryFn: ({ signal }) => fetchCandidates(signal),
  });
  const scan = useMutation({
    mutationFn: scanDuplicates,
    onSuccess: async (r) => {
      toast.show(`Scan done: ${r.open} open pairs`);
      await queryClient.invalidateQueries({ queryKey: duplicateKeys.candidates });
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  const dismiss = useMutation({
    mutationFn: (c: Candidate) => dismissPair(c.a.id, c.b.id),
    onSuccess: async (_r, c) => {
      toast.show(`${c.a.displayName} and ${c.b.displayName} marked as different people`);
      await queryClient.invalidateQueries({ queryKey: duplicateKeys.candidates });
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });

  const columns: Column<Candidate>[] = [
    { key: 'a', header: 'Person', render: (c) => <PersonCell person={c.a} /> },
    { key: 'b', header: 'Possible duplicate', render: (c) => <PersonCell person={c.b} /> },
    {
      key: 'evidence',
      header: 'Evidence',
      render: (c) => (
        <span className="tag-list" style={{ flexWrap: 'wrap' }}>
          {c.reasons.map((r) => (
            <Badge key={r} tone="warning">
              {humanise(r)}
            </Badge>
          ))}
        </span>
      ),
    },
    { key: 'score', header: 'Likelihood', nowrap: true, render: (c) => `${Math.round(c.score * 100)} %` },
    {
      key: 'actions',
      header: 'Actions',
      align: 'end',
      nowrap: true,
      render: (c) =>
        mayMerge ? (
          <span className="tag-list">
            <Button
              size="sm"
              variant="primary"
              aria-label={`Compare ${c.a.displayName} and ${c.b.displayName}`}
              onClick={() =>
                navigate(`/duplicates?a=${encodeURIComponent(c.a.id)}&b=${encodeURIComponent(c.b.id)}`)
              }
            >
              Compare
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Not duplicates: ${c.a.displayName} and ${c.b.displayName}`}
              busy={dismiss.isPending && dismiss.variables === c}
              onClick={() => dismiss.mutate(c)}
            >
              Not duplicates
            </Button>
          </span>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title="Duplicates" description="People who may be the same customer, with the evidence." />
      <div className="toolbar">
        {mayMerge ? (
          <Button busy={scan.isPending} onClick={() => scan.mutate()}>
            Scan for duplicates
          </Button>
        ) : null}
      </div>
      {candidates.isPending ? (
        <Spinner label="Loading duplicates…" />
      ) : candidates.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(candidates.error)}
        </p>
      ) : candidates.data.length === 0 ? (
        <EmptyState title="No open duplicates">
          <p>Run a scan to look for people who may be the same customer.</p>
        </EmptyState>
      ) : (
        <Table
          caption="Possible duplicates"
          captionHidden
          columns={columns}
          rows={candidates.data}
          rowKey={(c) => `${c.a.id}:${c.b.id}`}
        />
      )}
    </>
  );
}

function PersonCell({ person }: { person: CandidatePerson }) {
  const details = [
    ...person.emails,
    ...person.phones.map(formatPhone),
    person.birthday ? `born ${person.birthday}` : null,
    [person.postcode, person.city].filter(Boolean).join(' ') || null,
  ].filter(Boolean);
  return (
    <div>
      <Link to={paths.customer(person.id)}>{person.displayName}</Link>
      <div className="muted">{details.join(' · ')}</div>
    </div>
  );
}
