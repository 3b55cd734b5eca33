import type { ScreenPop } from '../../../src/telephony/index';

export type { ScreenPop };

/**
 * Reads a `call` event's data (the server's ScreenPop as JSON text); null when it is not JSON or
 * not a call. Open items with nothing open are left out.
 */
export function parseScreenPop(data: string): ScreenPop | null {
  let pop: ScreenPop | null;
  try {
    pop = JSON.parse(data) as ScreenPop | null;
  } catch {
    return null;
  }
  if (typeof pop !== 'object' || pop === null || typeof pop.from !== 'string') return null;
  const openItems = Object.fromEntries(Object.entries(pop.openItems ?? {}).filter(([, n]) => n > 0));
  return { ...pop, newCaller: pop.newCaller || pop.personId === null, openItems };
}

/** Wait before reconnecting after the `attempt`-th failure in a row: 1 s doubling to 30 s, ±20 % jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** "2 tasks, 1 case" from the open items of a pop. */
export function describeOpenItems(openItems: Record<string, number>): string | null {
  const parts = Object.entries(openItems).map(([kind, n]) => {
    const singular = kind.replace(/s$/, '');
    return `${n} open ${n === 1 ? singular : `${singular}s`}`;
  });
  return parts.length > 0 ? parts.join(', ') : null;
}
