import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../lib/api';
import { completeTask } from '../tasks/tasks-api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Panel, PanelEmpty } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import type { CustomerAccess } from './access';
import { customerKeys, type OpenTask } from './customer-api';
import { formatDateTime, humanise } from './format';

export function OpenTasksPanel({
  personId,
  tasks,
  access,
  onSchedule,
}: {
  personId: string;
  tasks: OpenTask[];
  access: CustomerAccess;
  onSchedule(): void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const done = useMutation({
    mutationFn: (task: OpenTask) => completeTask(task.id),
    onSuccess: async (_, task) => {
      toast.show(`Done: ${task.title}`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.c360(personId) }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]);
    },
    onError: (error) => toast.show(`Could not complete the task: ${errorMessage(error)}`, 'error'),
  });
  const now = Date.now();

  return (
    <Panel
      title="Open tasks"
      testId="open-tasks"
      actions={
        access.scheduleTask ? (
          <Button size="sm" variant="ghost" onClick={onSchedule}>
            Schedule call-back
          </Button>
        ) : null
      }
    >
      {tasks.length === 0 ? (
        <PanelEmpty>No open tasks.</PanelEmpty>
      ) : (
        <ul className="item-list">
          {tasks.map((task) => {
            const overdue = new Date(task.dueAt).getTime() < now;
            return (
              <li key={task.id} className="item-list__row">
                <div>
                  <p className="item-list__title">{task.title}</p>
                  <p className="item-list__meta">
                    <Badge tone={overdue ? 'danger' : 'info'}>
                      {overdue ? 'Overdue' : humanise(task.kind)}
                    </Badge>{' '}
                    due {formatDateTime(task.dueAt)}
                  </p>
                </div>
                {access.completeTask(task.assigneeId) ? (
                  <Button
                    size="sm"
                    onClick={() => done.mutate(task)}
                    aria-label={`Mark “${task.title}” done`}
                  >
                    Done
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
