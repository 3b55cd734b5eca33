import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageProps } from '../app/page';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { formatDateTime, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { stillDueToday } from './my-day';
import { completeTask, fetchMyTasks, type Task, type TaskView, taskKeys } from './tasks-api';

/** "My day": the signed-in user's overdue and due-today tasks, each done with one click. */
export function TasksPage({ session }: PageProps) {
  const mayComplete = can(session.permissions, 'tasks', 'update');
  return (
    <>
      <PageHeader title="My day" description="Your overdue and due-today call-backs and follow-ups." />
      <div className="stack">
        <TaskSection view="overdue" title="Overdue" mayComplete={mayComplete} />
        <TaskSection view="today" title="Due today" mayComplete={mayComplete} />
      </div>
    </>
  );
}

function TaskSection({ view, title, mayComplete }: { view: TaskView; title: string; mayComplete: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const tasks = useQuery({
    queryKey: taskKeys.view(view),
    queryFn: ({ signal }) => fetchMyTasks(view, signal),
  });
  const rows = tasks.data && view === 'today' ? stillDueToday(tasks.data, new Date()) : tasks.data;
  const done = useMutation({
    mutationFn: (task: Task) => completeTask(task.id),
    // Gone from the list at once; back if the server says no.
    onMutate: async (task) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.view(view) });
      const before = queryClient.getQueryData<Task[]>(taskKeys.view(view));
      queryClient.setQueryData<Task[]>(taskKeys.view(view), (list) => list?.filter((t) => t.id !== task.id));
      return { before };
    },
    onError: (error, _task, context) => {
      queryClient.setQueryData(taskKeys.view(view), context?.before);
      toast.show(`Could not complete the task: ${errorMessage(error)}`, 'error');
    },
    onSuccess: (_, task) => {
      toast.show(`Done: ${task.title}`);
      if (task.personId) void queryClient.invalidateQueries({ queryKey: ['person', task.personId] });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });

  const columns: Column<Task>[] = [
    {
      key: 'title',
      header: 'Task',
      render: (t) => (
        <div>
          <span className="item-list__title">{t.title}</span>
          {t.details ? <span className="item-list__meta"> · {t.details}</span> : null}
        </div>
      ),
    },
    {
      key: 'kind',
      header: 'Kind',
      nowrap: true,
      render: (t) => <Badge tone="info">{humanise(t.kind)}</Badge>,
    },
    {
      key: 'due',
      header: 'Due',
      nowrap: true,
      render: (t) => (
        <time dateTime={t.dueAt} className={view === 'overdue' ? 'text-danger' : undefined}>
          {formatDateTime(t.dueAt)}
        </time>
      ),
    },
    {
      key: 'customer',
      header: 'Customer',
      nowrap: true,
      render: (t) => (t.personId ? <Link to={paths.customer(t.personId)}>Open customer</Link> : '—'),
    },
    {
      key: 'done',
      header: <span className="visually-hidden">Actions</span>,
      align: 'end',
      nowrap: true,
      render: (t) =>
        mayComplete ? (
          <Button size="sm" onClick={() => done.mutate(t)} aria-label={`Mark “${t.title}” done`}>
            Done
          </Button>
        ) : null,
    },
  ];

  return (
    <section aria-label={title} data-testid={`tasks-${view}`}>
      {tasks.isPending ? <Spinner label={`Loading ${title.toLowerCase()} tasks…`} /> : null}
      {tasks.isError ? (
        <p className="alert alert--error" role="alert">
          Could not load {title.toLowerCase()} tasks: {errorMessage(tasks.error)}
        </p>
      ) : null}
      {rows ? (
        <Table
          caption={`${title} (${rows.length})`}
          columns={columns}
          rows={rows}
          rowKey={(t) => t.id}
          empty={view === 'overdue' ? 'Nothing overdue.' : 'Nothing else due today.'}
        />
      ) : null}
    </section>
  );
}
