import type { ReactNode } from 'react';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { formatDate, formatPhone, humanise } from '../customers/format';
import { Badge } from '../ui/Badge';
import type { AttributeDefinition, ListRow } from './list-api';
import type { ListKind } from './list-query';

/** What a cell may need besides its row. */
export interface CellContext {
  userName(id: string | null): string;
}

export interface ListColumn {
  id: string;
  label: string;
  /** The API's sort field when the list can be sorted by this column. */
  sortField?: string;
  /** CSS width; cells never wrap (rows have one height, which the virtual table relies on). */
  width: string;
  render(row: ListRow, ctx: CellContext): ReactNode;
  /** The cell as text for CSV. */
  text(row: ListRow, ctx: CellContext): string;
  /** Shown when no columns are chosen. */
  byDefault?: boolean;
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function identities(row: ListRow, kind: string): string[] {
  return (row.identities ?? []).filter((i) => i.kind === kind).map((i) => i.value);
}

const ownerColumn = (sortField?: string): ListColumn => ({
  id: 'owner',
  label: 'Owner',
  sortField,
  width: '10rem',
  byDefault: true,
  render: (row, ctx) => ctx.userName(row.ownerId ?? null) || <span className="muted">—</span>,
  text: (row, ctx) => ctx.userName(row.ownerId ?? null),
});

const tagsColumn: ListColumn = {
  id: 'tags',
  label: 'Tags',
  width: '11rem',
  byDefault: true,
  render: (row) => (
    <span className="tag-list">
      {row.tags.map((t) => (
        <Badge key={t} tone="info">
          {t}
        </Badge>
      ))}
    </span>
  ),
  text: (row) => row.tags.join('; '),
};

const dateColumn = (
  id: string,
  label: string,
  field: 'createdAt' | 'updatedAt',
  sortField?: string,
): ListColumn => ({
  id,
  label,
  sortField,
  width: '8.5rem',
  render: (row) => formatDate(str(row[field]) || null),
  text: (row) => str(row[field]),
});

const PEOPLE_COLUMNS: ListColumn[] = [
  {
    id: 'name',
    label: 'Name',
    sortField: 'displayName',
    width: '14rem',
    byDefault: true,
    render: (row) => <Link to={paths.customer(row.id)}>{str(row.displayName)}</Link>,
    text: (row) => str(row.displayName),
  },
  {
    id: 'email',
    label: 'Email',
    width: '14rem',
    byDefault: true,
    render: (row) => identities(row, 'email')[0] ?? '',
    text: (row) => identities(row, 'email').join('; '),
  },
  {
    id: 'phone',
    label: 'Phone',
    width: '10rem',
    byDefault: true,
    render: (row) => {
      const phone = identities(row, 'phone')[0];
      return phone ? formatPhone(phone) : '';
    },
    text: (row) => identities(row, 'phone').join('; '),
  },
  {
    id: 'stage',
    label: 'Stage',
    width: '8rem',
    byDefault: true,
    render: (row) => humanise(str(row.lifecycleStage)),
    text: (row) => str(row.lifecycleStage),
  },
  ownerColumn(),
  tagsColumn,
  { ...dateColumn('created', 'Created', 'createdAt', 'createdAt'), byDefault: true },
  dateColumn('updated', 'Changed', 'updatedAt', 'updatedAt'),
  {
    id: 'language',
    label: 'Language',
    width: '6rem',
    render: (row) => str(row.language),
    text: (row) => str(row.language),
  },
];

const ACCOUNT_COLUMNS: ListColumn[] = [
  {
    id: 'name',
    label: 'Name',
    sortField: 'name',
    width: '14rem',
    byDefault: true,
    render: (row) => <Link to={paths.account(row.id)}>{str(row.name)}</Link>,
    text: (row) => str(row.name),
  },
  ...(['domain', 'industry', 'size'] as const).map(
    (field): ListColumn => ({
      id: field,
      label: humanise(field),
      sortField: field,
      width: field === 'size' ? '6rem' : '11rem',
      byDefault: true,
      render: (row) => str(row[field]),
      text: (row) => str(row[field]),
    }),
  ),
  // By the owner's name on the server; accounts without owner last.
  ownerColumn('owner'),
  tagsColumn,
  { ...dateColumn('created', 'Created', 'createdAt', 'createdAt'), byDefault: true },
  dateColumn('updated', 'Changed', 'updatedAt', 'updatedAt'),
];

function attributeColumn(def: AttributeDefinition): ListColumn {
  const value = (row: ListRow) => {
    const v = row.attributes?.[def.key];
    if (typeof v === 'boolean') return v ? 'Yes' : 'No';
    return str(v);
  };
  return { id: `attr.${def.key}`, label: def.label, width: '9rem', render: value, text: value };
}

/** Every column a list can show: its own, then one per custom attribute. */
export function columnsFor(kind: ListKind, attributes: readonly AttributeDefinition[]): ListColumn[] {
  return [...(kind === 'people' ? PEOPLE_COLUMNS : ACCOUNT_COLUMNS), ...attributes.map(attributeColumn)];
}

/** The columns to show: the chosen ones in their order (unknown ids skipped), or the defaults. */
export function visibleColumns(all: readonly ListColumn[], chosen: readonly string[] | null): ListColumn[] {
  if (!chosen) return all.filter((c) => c.byDefault);
  const byId = new Map(all.map((c) => [c.id, c]));
  return chosen.flatMap((id) => byId.get(id) ?? []);
}
