/** Pure helpers of the search box: the shortcut, arrow-key movement and the query to send. */

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The element that had focus: "/" must still type a slash in a text field. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

const TEXT_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** "/" (outside text fields) or Ctrl+K / Cmd+K (anywhere) focuses the search box. */
export function isSearchShortcut(event: KeyLike): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return true;
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target;
  if (!target) return true;
  return !(target.isContentEditable || (target.tagName !== undefined && TEXT_TAGS.has(target.tagName)));
}

/** The next highlighted option for ArrowDown (+1) / ArrowUp (-1), wrapping; -1 means none. */
export function moveActive(current: number, delta: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta === 1 ? 0 : count - 1;
  return (current + delta + count) % count;
}

export const MIN_QUERY_LENGTH = 2;

/**
 * The text worth sending: trimmed, inner whitespace collapsed; null when too short to search
 * (one letter would match half the customers). Digits count from 2 too: a phone ending needs 7
 * to match, but the name search may still answer.
 */
export function searchableQuery(text: string): string | null {
  const q = text.trim().replace(/\s+/g, ' ');
  if (q.length < MIN_QUERY_LENGTH) return null;
  return q.slice(0, 200);
}

/** A readable label for the server's "what matched" string (e.g. `phone +14155550100`). */
export function describeMatch(matched: string, formatPhone: (value: string) => string = (v) => v): string {
  const [kind = '', ...rest] = matched.split(' ');
  const value = rest.join(' ');
  const labels: Record<string, string> = {
    phone: 'Phone',
    email: 'Email',
    externalId: 'External id',
    external: 'External id',
    name: 'Name',
    similar: 'Similar name',
    account: 'Account',
    domain: 'Domain',
    device: 'Device',
    social: 'Social',
  };
  const label = labels[kind];
  if (!label) return matched;
  if (kind === 'similar') return 'Similar name';
  if (!value) return label;
  return `${label} ${kind === 'phone' ? formatPhone(value) : value}`;
}
