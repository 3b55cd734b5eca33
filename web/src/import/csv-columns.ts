/**
 * What the browser reads of a CSV before uploading it: the header line (to offer the mapping of
 * columns to fields) and a first guess of that mapping.
 */

/** The columns of each kind of import (the server's PEOPLE_KEYS, INTERACTION_KEYS, ORDER_KEYS, ...). */
export const IMPORT_FIELDS = {
  people: [
    'email',
    'phone',
    'externalId',
    'deviceId',
    'social',
    'firstName',
    'lastName',
    'displayName',
    'birthday',
    'language',
    'notes',
    'lifecycleStage',
    'line1',
    'line2',
    'city',
    'region',
    'postcode',
    'country',
  ],
  interactions: [
    'id',
    'occurredAt',
    'channel',
    'type',
    'direction',
    'email',
    'phone',
    'externalId',
    'deviceId',
    'social',
    'name',
    'personId',
    'durationSeconds',
    'agent',
    'subject',
    'summary',
    'body',
  ],
  orders: [
    'order',
    'customer',
    'email',
    'phone',
    'name',
    'date',
    'sku',
    'product',
    'quantity',
    'price',
    'amount',
    'channel',
    'return',
  ],
  products: ['sku', 'name', 'category', 'listPrice', 'unitCost', 'active'],
  accounts: ['name', 'domain', 'industry', 'size'],
} as const;
export type ImportKind = keyof typeof IMPORT_FIELDS;

/** The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** The column names of the file's first record (quoted names may hold delimiters, quotes and line breaks). */
export function readHeader(text: string): { columns: string[]; delimiter: string } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body.split(/\r?\n/, 1)[0] ?? '');
  const columns: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      columns.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  columns.push(field.trim());
  return { columns: columns.length === 1 && columns[0] === '' ? [] : columns, delimiter };
}

/** Names compared loosely, as the server does: case, spaces, dashes and underscores ignored. */
const loose = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

const ALIASES: Record<string, string[]> = {
  email: ['e-mail', 'mail', 'emailaddress'],
  phone: ['telephone', 'mobile', 'phonenumber', 'tel'],
  firstName: ['first', 'givenname', 'forename'],
  lastName: ['last', 'surname', 'familyname'],
  displayName: ['name', 'fullname'],
  postcode: ['zip', 'zipcode', 'postalcode'],
  occurredAt: ['date', 'timestamp', 'time', 'when'],
  order: ['orderno', 'ordernumber', 'orderid', 'invoice', 'invoiceno'],
  customer: ['customerid', 'customerno', 'client', 'clientid'],
  date: ['orderdate', 'invoicedate', 'day', 'when'],
  sku: ['stockcode', 'item', 'itemcode', 'productcode'],
  product: ['description', 'productname'],
  quantity: ['qty', 'units'],
  price: ['unitprice'],
  amount: ['total', 'linetotal'],
  listPrice: ['price'],
  unitCost: ['cost'],
  domain: ['website', 'web', 'url'],
};

/** For each field, the column of the same (loose) name or a common alias; fields with none are left out. */
export function guessMapping(columns: readonly string[], fields: readonly string[]): Record<string, string> {
  const byName = new Map(columns.map((c) => [loose(c), c]));
  const mapping: Record<string, string> = {};
  const used = new Set<string>();
  for (const field of fields) {
    for (const name of [field, ...(ALIASES[field] ?? [])]) {
      const column = byName.get(loose(name));
      if (column && !used.has(column)) {
        mapping[field] = column;
        used.add(column);
        break;
      }
    }
  }
  return mapping;
}
