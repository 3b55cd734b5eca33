import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { inlineParameters } from './inline-parameters';

/**
 * Marks a statement that may wait for the next one (`withTenant`'s settings): at the start of a
 * transaction it is held back and sent with the transaction's first real statement.
 */
export const DEFERRABLE = '/* deferrable */ ';

export interface LeanDialectOptions {
  /**
   * 'always': every statement whose parameters fit goes by the simple protocol with its values
   * inlined (on the embedded database that is one call instead of five). 'first': only the first
   * statement of a transaction, which then carries the transaction's `begin` and settings.
   */
  inline: 'always' | 'first';
}

/**
 * Kysely's PostgreSQL dialect with a leaner start of transactions. `begin` and a DEFERRABLE statement
 * after it (`withTenant`'s workspace and role) are not sent on their own: they go out with the
 * transaction's first real statement, as one message of the simple protocol, that statement's
 * parameters written in as literals (`inlineParameters`): `begin; select set_config(...); select ...
 * from users where id = '...'`. A one-query tenant transaction is then two round trips (that
 * message, then commit) where it was five (begin, workspace, role, query, commit). When the values
 * cannot be inlined (binary data, a NUL character, over 16 KB), the held statements go first and the
 * statement follows with its parameters, as before. A transaction that ends before any real
 * statement sends nothing.
 */
export class LeanPostgresDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #options: LeanDialectOptions;

  constructor(pool: pg.Pool, options: LeanDialectOptions) {
    super({ pool });
    this.#pool = pool;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new LeanDriver(this.#pool, this.#options);
  }
}

class LeanDriver implements Driver {
  #pool: pg.Pool | undefined;
  readonly #options: LeanDialectOptions;

  constructor(pool: pg.Pool, options: LeanDialectOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#pool) throw new Error('driver has already been destroyed');
    return new LeanConnection(await this.#pool.connect(), this.#options.inline === 'always');
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      const parts = ['start transaction'];
      if (settings.isolationLevel) parts.push(`isolation level ${settings.isolationLevel}`);
      if (settings.accessMode) parts.push(settings.accessMode);
      begin = parts.join(' ');
    }
    (connection as LeanConnection).held = [{ sql: begin, parameters: [] }];
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as LeanConnection;
    if (conn.held) {
      conn.held = undefined;
      return;
    }
    const result = await conn.client.query('commit');
    // PostgreSQL completes COMMIT with a ROLLBACK tag when an earlier error aborted the transaction.
    if (result.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as LeanConnection;
    if (conn.held) {
      conn.held = undefined;
      return;
    }
    try {
      await conn.client.query('rollback');
    } catch (err) {
      conn.discarded = true;
      throw err;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as LeanConnection;
    conn.client.release(conn.discarded || conn.held !== undefined);
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

const COMMANDS_WITH_ROW_COUNT = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class LeanConnection implements DatabaseConnection {
  /** Statements of a transaction not sent yet: its `begin`, then any DEFERRABLE ones. */
  held: Statement[] | undefined;
  discarded = false;

  constructor(
    readonly client: pg.PoolClient,
    private readonly inlineAlways: boolean,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.discarded) throw new Error('Postgres connection has been discarded');
    const statement: Statement = { sql: compiledQuery.sql, parameters: compiledQuery.parameters };
    const held = this.held;
    if (held && statement.sql.startsWith(DEFERRABLE)) {
      held.push(statement);
      return { rows: [] };
    }
    let answer: pg.QueryResult | pg.QueryResult[];
    if (held) {
      this.held = undefined;
      const texts = [...held, statement].map((s) => inlineParameters(s.sql, s.parameters));
      if (texts.every((t) => t !== undefined)) {
        answer = await this.client.query(texts.join('\n;\n'));
      } else {
        for (const s of held) await this.#send(s);
        answer = await this.#send(statement);
      }
    } else {
      answer = await this.#send(statement);
    }
    const result = Array.isArray(answer) ? (answer.at(-1) as pg.QueryResult) : answer;
    if (result.command === 'ROLLBACK' || result.command === 'COMMIT') {
      return { rows: [{ command: result.command } as R] };
    }
    return {
      numAffectedRows: COMMANDS_WITH_ROW_COUNT.has(result.command) ? BigInt(result.rowCount ?? 0) : undefined,
      rows: (result.rows ?? []) as R[],
    };
  }

  #send(statement: Statement): Promise<pg.QueryResult | pg.QueryResult[]> {
    if (statement.parameters.length === 0) return this.client.query(statement.sql);
    const inlined = this.inlineAlways ? inlineParameters(statement.sql, statement.parameters) : undefined;
    return inlined === undefined
      ? this.client.query(statement.sql, [...statement.parameters])
      : this.client.query(inlined);
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered (no cursor library is configured)
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported: read in pages');
  }
}
