import { dayNumber } from './dates';
import { InputError } from './input-error';

/** One purchase. `date` is read as its UTC calendar day. */
export interface Transaction {
  customerId: string;
  date: Date;
  amount: number;
}

/**
 * Transactions held as columns, one entry per transaction and customers by index: ten million
 * orders take 16 bytes each (or 24 with costs) instead of an object and a `Date` each.
 */
export interface TransactionColumns {
  /** Number of transactions. */
  readonly length: number;
  /** Customer ids by index, in order of first appearance. */
  readonly customerIds: readonly string[];
  /** Index into `customerIds` of each transaction's customer. */
  readonly customer: Int32Array;
  /** UTC day number (whole days since 1970-01-01) of each transaction. */
  readonly day: Int32Array;
  readonly amount: Float64Array;
  /** Cost of goods of each transaction, when known. */
  readonly cost: Float64Array | null;
}

/** Appends transactions to growing typed arrays (capacity doubles, so appends cost O(1) each). */
export class TransactionColumnsBuilder {
  private customer = new Int32Array(1 << 12);
  private day = new Int32Array(1 << 12);
  private amount = new Float64Array(1 << 12);
  private cost: Float64Array | null;
  private n = 0;

  constructor(withCost: boolean) {
    this.cost = withCost ? new Float64Array(1 << 12) : null;
  }

  get length(): number {
    return this.n;
  }

  add(customer: number, day: number, amount: number, cost: number): void {
    if (this.n === this.customer.length) this.grow();
    const i = this.n++;
    this.customer[i] = customer;
    this.day[i] = day;
    this.amount[i] = amount;
    if (this.cost !== null) this.cost[i] = cost;
  }

  /** Makes room for `capacity` transactions in all (when more than now). */
  reserve(capacity: number): void {
    if (capacity > this.customer.length) this.resize(capacity);
  }

  private grow(): void {
    this.resize(this.customer.length * 2);
  }

  private resize(size: number): void {
    const customer = new Int32Array(size);
    customer.set(this.customer);
    this.customer = customer;
    const day = new Int32Array(size);
    day.set(this.day);
    this.day = day;
    const amount = new Float64Array(size);
    amount.set(this.amount);
    this.amount = amount;
    if (this.cost !== null) {
      const cost = new Float64Array(size);
      cost.set(this.cost);
      this.cost = cost;
    }
  }

  /** The columns so far (views over the builder's arrays), with the ids of the customer indices. */
  build(customerIds: readonly string[]): TransactionColumns {
    const n = this.n;
    return {
      length: n,
      customerIds,
      customer: this.customer.subarray(0, n),
      day: this.day.subarray(0, n),
      amount: this.amount.subarray(0, n),
      cost: this.cost === null ? null : this.cost.subarray(0, n),
    };
  }
}

/**
 * The columns of transaction objects. Throws InputError (record number, field) for an invalid date
 * or a non-finite amount.
 */
export function toTransactionColumns(transactions: readonly Transaction[]): TransactionColumns {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const out = new TransactionColumnsBuilder(false);
  transactions.forEach((t, i) => {
    const day = t.date instanceof Date ? dayNumber(t.date) : Number.NaN;
    if (!Number.isFinite(day)) throw new InputError('invalid date', { line: i + 1, field: 'date' });
    if (!Number.isFinite(t.amount))
      throw new InputError(`invalid amount ${String(t.amount)}`, { line: i + 1, field: 'amount' });
    let c = index.get(t.customerId);
    if (c === undefined) {
      c = ids.length;
      ids.push(t.customerId);
      index.set(t.customerId, c);
    }
    out.add(c, day, t.amount, 0);
  });
  return out.build(ids);
}

/** The transaction objects of columns (dates at UTC midnight). */
export function fromTransactionColumns(columns: TransactionColumns): Transaction[] {
  const out: Transaction[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    out[i] = {
      customerId: columns.customerIds[columns.customer[i] as number] as string,
      date: new Date((columns.day[i] as number) * 86_400_000),
      amount: columns.amount[i] as number,
    };
  }
  return out;
}

/** The last transaction day, or -Infinity without transactions. */
export function lastDayOf(columns: TransactionColumns): number {
  let last = Number.NEGATIVE_INFINITY;
  const day = columns.day;
  for (let i = 0; i < day.length; i++) if ((day[i] as number) > last) last = day[i] as number;
  return last;
}

/** Transactions grouped by customer (a counting sort: each group keeps file order). */
export interface CustomerGroups {
  /** Transactions of customer c: index[start[c]] … index[start[c + 1] − 1]. */
  readonly start: Int32Array;
  readonly index: Int32Array;
}

/** The transactions from `firstDay` to `lastDay` (inclusive), grouped by customer index. */
export function groupByCustomer(
  columns: TransactionColumns,
  lastDay = Number.POSITIVE_INFINITY,
  firstDay = Number.NEGATIVE_INFINITY,
): CustomerGroups {
  const customers = columns.customerIds.length;
  const start = new Int32Array(customers + 1);
  const { customer, day } = columns;
  let kept = 0;
  for (let i = 0; i < columns.length; i++) {
    const d = day[i] as number;
    if (d > lastDay || d < firstDay) continue;
    const c = customer[i] as number;
    start[c + 1] = (start[c + 1] as number) + 1;
    kept++;
  }
  for (let c = 0; c < customers; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const next = start.slice(0, customers);
  const index = new Int32Array(kept);
  for (let i = 0; i < columns.length; i++) {
    const d = day[i] as number;
    if (d > lastDay || d < firstDay) continue;
    const c = customer[i] as number;
    index[next[c] as number] = i;
    next[c] = (next[c] as number) + 1;
  }
  return { start, index };
}

/**
 * The number of distinct values of `key(day)` among each customer's transactions in `groups`
 * (e.g. purchase days, weeks or months), by customer index.
 */
export function countDistinctPerCustomer(
  columns: TransactionColumns,
  groups: CustomerGroups,
  key: (day: number) => number,
): Int32Array {
  const customers = groups.start.length - 1;
  const out = new Int32Array(customers);
  let keys = new Float64Array(64);
  for (let c = 0; c < customers; c++) {
    const from = groups.start[c] as number;
    const count = (groups.start[c + 1] as number) - from;
    if (count <= 1) {
      out[c] = count;
      continue;
    }
    if (count > keys.length) keys = new Float64Array(count * 2);
    for (let j = 0; j < count; j++) keys[j] = key(columns.day[groups.index[from + j] as number] as number);
    const sorted = keys.subarray(0, count).sort();
    let distinct = 1;
    for (let j = 1; j < count; j++) if (sorted[j] !== sorted[j - 1]) distinct++;
    out[c] = distinct;
  }
  return out;
}
