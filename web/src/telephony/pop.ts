import { isRecord } from '../lib/api';

/** A `call` event of the live stream: who is calling, for the screen pop. */
export interface ScreenPop {
  callId: string | null;
  personId: string | null;
  name: string | null;
  newCaller: boolean;
  segment: string | null;
  openItems: Record<string, number>;
  from: string;
  fromE164: string | null;
  to: string;
  receivedAt: string;
}

/** Reads a `call` event's data (JSON text); null when it is not a call we can show. */
export function parseScreenPop(data: string): ScreenPop | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.from !== 'string') return null;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const openItems: Record<string, number> = {};
  if (isRecord(value.openItems)) {
    for (const [kind, count] of Object.entries(value.openItems)) {
      if (typeof count === 'number' && count > 0) openItems[kind] = count;
    }
  }
  const personId = text(value.personId);
  return {
    callId: text(value.callId),
    personId,
    name: text(value.name),
    newCaller: value.newCaller === true || personId === null,
    segment: text(value.segment),
    openItems,
    from: value.from,
    fromE164: text(value.fromE164),
    to: typeof value.to === 'string' ? value.to : '',
    receivedAt: text(value.receivedAt) ?? new Date().toISOString(),
  };
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
