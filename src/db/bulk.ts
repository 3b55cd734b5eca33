import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './connection';

/**
 * Bulk insert with PostgreSQL's `COPY ... FROM` in text format: on a server through
 * pg-copy-streams on one pool client (one COPY, so all rows or none); on PGlite as
 * `COPY ... FROM '/dev/blob'` with the data as a blob, one COPY per chunk inside one transaction.
 *
 * Bulk loads write as the table owner, outside any tenant scope and past row-level security:
 * the caller must put the right `workspace_id` in every row. They run on their own connection
 * (server) or straight on the PGlite instance, never inside a Kysely transaction the caller holds.
 *
 * Values: `null` and `undefined` are NULL; strings as they are (tabs, newlines, backslashes
 * escaped); numbers, bigints; booleans as t/f; Dates as ISO timestamps; Uint8Array as bytea;
 * any other object or array as JSON (for json/jsonb columns). Returns the number of rows copied.
 */
export async function copyRows(
  database: Database,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
  options: { chunkBytes?: number } = {},
): Promise<number> {
  const statement = copyStatement(table, columns);
  if (database.kind === 'postgres') return copyToServer(database, statement, columns.length, rows, options);
  return copyToPglite(database, statement, columns.length, rows, options);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The COPY statement head; table and column names must be plain lower-case identifiers. */
export function copyStatement(table: string, columns: readonly string[]): string {
  if (!IDENTIFIER.test(table)) throw new Error(`copyRows: invalid table name ${JSON.stringify(table)}`);
  if (columns.length === 0) throw new Error('copyRows: no columns');
  for (const c of columns) {
    if (!IDENTIFIER.test(c)) throw new Error(`copyRows: invalid column name ${JSON.stringify(c)}`);
  }
  if (new Set(columns).size !== columns.length) throw new Error('copyRows: duplicate column name');
  // Quoted, so a reserved word such as "order" works too; the pattern leaves nothing to escape.
  return `copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from`;
}

/** Text-format encodings of rows, about `chunkBytes` characters each. */
export function* encodeChunks(
  rows: Iterable<readonly unknown[]>,
  width: number,
  chunkBytes: number,
): Generator<{ text: string; rows: number }> {
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  let index = 0;
  for (const row of rows) {
    if (row.length !== width) {
      throw new Error(`copyRows: row ${index} has ${row.length} values for ${width} columns`);
    }
    const line = encodeRow(row);
    parts.push(line);
    size += line.length;
    count++;
    index++;
    if (size >= chunkBytes) {
      yield { text: parts.join(''), rows: count };
      parts = [];
      size = 0;
      count = 0;
    }
  }
  if (count > 0) yield { text: parts.join(''), rows: count };
}

/** One row in COPY text format, with its line feed. */
export function encodeRow(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += encodeValue(row[i]);
  }
  return `${line}\n`;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : s;
}

export function encodeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return '\\N';
    case 'object':
      if (value === null) return '\\N';
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new Error('copyRows: invalid Date');
        return value.toISOString();
      }
      if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
      return escapeText(JSON.stringify(value));
    default:
      throw new Error(`copyRows: cannot encode a ${typeof value}`);
  }
}

const SERVER_CHUNK = 256 * 1024;
// PGlite loads 1-4 MB blobs fastest here; bigger ones get slower again.
const PGLITE_CHUNK = 4 * 1024 * 1024;

async function copyToServer(
  database: Database,
  statement: string,
  width: number,
  rows: Iterable<readonly unknown[]>,
  options: { chunkBytes?: number },
): Promise<number> {
  const client = await database.pool.connect();
  let failed: unknown;
  try {
    const stream = client.query(copyFrom(`${statement} stdin`));
    const done = finished(stream);
    done.catch(() => undefined); // handled where awaited; this only keeps an early failure from being "unhandled"
    let total = 0;
    try {
      for (const chunk of encodeChunks(rows, width, options.chunkBytes ?? SERVER_CHUNK)) {
        total += chunk.rows;
        if (!stream.write(chunk.text)) await Promise.race([once(stream, 'drain'), done]);
      }
    } catch (err) {
      // Abort the COPY: the server rolls it back and the client stays usable.
      stream.destroy(err instanceof Error ? err : new Error(String(err)));
      await done.catch(() => undefined);
      throw err;
    }
    stream.end();
    await done;
    return total;
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // A client whose COPY failed midway is discarded rather than reused.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

function finished(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
}

async function copyToPglite(
  database: Database,
  statement: string,
  width: number,
  rows: Iterable<readonly unknown[]>,
  options: { chunkBytes?: number },
): Promise<number> {
  const pglite = database.pglite;
  if (!pglite) throw new Error('copyRows: the embedded database has no PGlite instance');
  const sql = `${statement} '/dev/blob'`;
  const chunks = encodeChunks(rows, width, options.chunkBytes ?? PGLITE_CHUNK);
  const first = chunks.next();
  if (first.done) return 0;
  const second = chunks.next();
  if (second.done) {
    await pglite.query(sql, [], { blob: new Blob([first.value.text]) });
    return first.value.rows;
  }
  return pglite.transaction(async (tx) => {
    let total = 0;
    for (const chunk of [first.value, second.value]) {
      await tx.query(sql, [], { blob: new Blob([chunk.text]) });
      total += chunk.rows;
    }
    for (const chunk of chunks) {
      await tx.query(sql, [], { blob: new Blob([chunk.text]) });
      total += chunk.rows;
    }
    return total;
  });
}
