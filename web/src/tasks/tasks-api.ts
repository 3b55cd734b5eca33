import { api, isRecord } from '../lib/api';

export interface Task {
  id: string;
  kind: string;
  title: string;
  details: string | null;
  dueAt: string;
  assigneeId: string;
  personId: string | null;
  done: boolean;
}

export type TaskView = 'overdue' | 'today' | 'open' | 'done';

function toTask(value: unknown): Task | null {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.dueAt !== 'string') return null;
  return {
    id: value.id,
    kind: typeof value.kind === 'string' ? value.kind : 'to_do',
    title: typeof value.title === 'string' ? value.title : '',
    details: typeof value.details === 'string' ? value.details : null,
    dueAt: value.dueAt,
    assigneeId: typeof value.assigneeId === 'string' ? value.assigneeId : '',
    personId: typeof value.personId === 'string' ? value.personId : null,
    done: value.done === true,
  };
}

/** The caller's tasks in one view, in the browser's time zone (so "today" is the user's today). */
export async function fetchMyTasks(view: TaskView, signal?: AbortSignal): Promise<Task[]> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const query = new URLSearchParams({ view, limit: '200', ...(timeZone ? { timeZone } : {}) });
  const body = await api.get(`/api/tasks?${query}`, { signal });
  if (!isRecord(body) || !Array.isArray(body.items)) return [];
  return body.items.flatMap((item: unknown) => {
    const task = toTask(item);
    return task ? [task] : [];
  });
}

export async function completeTask(id: string): Promise<void> {
  await api.patch(`/api/tasks/${encodeURIComponent(id)}`, { done: true });
}

export const taskKeys = {
  all: ['tasks'] as const,
  view: (view: TaskView) => ['tasks', view] as const,
};
