import { BadCell, checkLine, tallyUpserts } from './bad-cell';
import { type AccountUpsert, normaliseDomain, upsertAccounts } from '../customers/index';
import { AppError, authorize } from '../platform/index';
import { FileFormatError } from './csv/errors';
import { type ColumnMapping, looseName, resolveColumns } from './csv/mapping';
import type { CsvRecord } from './csv/stream';
import type { Checked, ImportKind, ReadSettings, RowReader } from './kind';

/** What an account file can say, each from one column. */
export const ACCOUNT_KEYS = ['name', 'domain', 'industry', 'size'] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];

export const ACCOUNT_KEY_HELP: Record<AccountKey, string> = {
  name: 'company name (required)',
  domain: 'web domain, e.g. acme.com (finds the account before its name does)',
  industry: 'industry',
  size: 'size band, e.g. 11-50',
};

const LIMITS: Record<AccountKey, number> = { name: 300, domain: 253, industry: 200, size: 100 };

export interface AccountRow {
  line: number;
  item: AccountUpsert;
}

class Bad extends BadCell<AccountKey> {}

/** Checks the lines of an account file without the database: a name, a domain name, texts within limits. */
export function accountsReader(
  columns: readonly string[],
  mapping: ColumnMapping<string>,
  _settings: ReadSettings,
): RowReader<AccountRow> {
  const resolved = resolveColumns(columns, mapping as ColumnMapping<AccountKey>, ACCOUNT_KEYS, looseName);
  if (!resolved.name)
    throw new FileFormatError(`name: map the account name column (columns: ${columns.join(', ')})`);
  const index = new Map<AccountKey, number>();
  for (const key of ACCOUNT_KEYS) {
    const column = resolved[key];
    if (column !== undefined) index.set(key, columns.indexOf(column));
  }
  const width = columns.length;

  const read = (record: CsvRecord): AccountRow => {
    if (record.problem) throw new Bad('line', record.problem);
    if (record.fields.length !== width)
      throw new Bad('line', `has ${record.fields.length} values, the header has ${width} columns`);
    const get = (key: AccountKey): string | undefined => {
      const i = index.get(key);
      const value = i === undefined ? undefined : record.fields[i]?.trim();
      if (value === undefined || value === '') return undefined;
      if (value.length > LIMITS[key]) throw new Bad(key, `is longer than ${LIMITS[key]} characters`);
      return value;
    };
    const name = get('name');
    if (name === undefined) throw new Bad('name', 'is empty');
    const item: AccountUpsert = { name };
    const domain = get('domain');
    if (domain !== undefined) {
      try {
        item.domain = normaliseDomain(domain) ?? undefined;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        throw new Bad('domain', err.message);
      }
    }
    const industry = get('industry');
    const size = get('size');
    if (industry !== undefined) item.industry = industry;
    if (size !== undefined) item.size = size;
    return { line: record.line, item };
  };

  return {
    columns: resolved,
    check(record): Checked<AccountRow> {
      return checkLine(resolved, () => read(record));
    },
  };
}

/**
 * Account (company) files: each line creates or updates an account through the customers slice's
 * bulk upsert, in the chunk's transaction. A line finds its account by domain, else by name; it
 * takes the line's non-empty cells. A new account is owned by the importer and their team. A re-run
 * changes nothing: its lines are `unchanged`.
 */
export const accountsImport: ImportKind<AccountRow> = {
  name: 'accounts',
  keys: ACCOUNT_KEYS,
  countNames: ['created', 'updated', 'unchanged', 'rejected'],
  auditObject: 'account_imports',
  authorize(actor) {
    authorize(actor, 'accounts', 'create');
    authorize(actor, 'accounts', 'update');
  },
  reader: accountsReader,
  async load(trx, actor, rows, ctx) {
    return tallyUpserts(
      await upsertAccounts(
        trx,
        actor,
        rows.map((r) => r.item),
      ),
      ctx,
    );
  },
};
