/** The server's "today" view holds every task due today, also those already overdue: show each task once. */
export function stillDueToday<T extends { dueAt: string }>(today: readonly T[], now: Date): T[] {
  return today.filter((task) => {
    const due = new Date(task.dueAt).getTime();
    return Number.isNaN(due) || due >= now.getTime();
  });
}
