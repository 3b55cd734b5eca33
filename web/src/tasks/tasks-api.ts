import type { Items } from '../../../src/platform/index';
import type { Task, TaskUpdate, TaskView } from '../../../src/tasks/index';
import { api } from '../lib/api';

export type { Task, TaskView };

/** The caller's tasks in one view, in the browser's time zone (so "today" is the user's today). */
export async function fetchMyTasks(view: TaskView, signal?: AbortSignal): Promise<Task[]> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const query = new URLSearchParams({ view, limit: '200', ...(timeZone ? { timeZone } : {}) });
  return (await api.get<Items<Task>>(`/api/tasks?${query}`, { signal })).items;
}

export async function completeTask(id: string): Promise<void> {
  await api.patch(`/api/tasks/${encodeURIComponent(id)}`, { done: true } satisfies TaskUpdate);
}

export const taskKeys = {
  all: ['tasks'] as const,
  view: (view: TaskView) => ['tasks', view] as const,
};
