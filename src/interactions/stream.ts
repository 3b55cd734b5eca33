import { isUtf8 } from 'node:buffer';
import type { Db } from '../db/index';
import { withTenantRetrying } from '../db/index';
import { AppError, type BulkCounts, findInputProblem, type ItemResult } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { ingestChunk, rejection } from './ingest';
import { workspaceRegion } from '../platform/index';

export interface StreamOptions {
  /** Items per transaction; each chunk commits before the next is read. Default 5,000. */
  chunkSize?: number;
  /** Longest accepted line, in bytes. Default 1 MiB. */
  maxLineBytes?: number;
  /** Told of an unexpected failure (to log it); the stream then ends with an error line. */
  onError?: (err: unknown) => void;
}

/**
 * One answer line per input line (the bulk answer's items), then a summary line with the counts (or
 * an error line if the stream stopped).
 */
export type StreamLine =
  | ItemResult
  | ({ done: true; items: number } & BulkCounts)
  | { error: { code: string; message: string }; committedItems: number };

/** A line that could not be read is rejected naming `field` (relative to the item), or the item itself. */
type Parsed = { ok: true; value: unknown } | { ok: false; message: string; field?: string };

/**
 * Ingests an NDJSON stream of interactions of any length: one item per line, processed in chunks
 * of `chunkSize`, each in its own transaction and committed before the next chunk is read. Yields
 * the answer as NDJSON text, one result per line (in input order, with its `index`) as soon as its
 * chunk has committed, then `{"done":true,...}`. A chunk that fails stops the stream with an
 * `{"error":...}` line; everything answered before it is committed, so resending the rest is safe.
 */
export function ingestInteractionStream(
  db: Db,
  actor: Principal,
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: StreamOptions = {},
): AsyncGenerator<string> {
  authorize(actor, 'interactions', 'create');
  return run(db, actor, source, {
    chunkSize: options.chunkSize ?? 5_000,
    maxLineBytes: options.maxLineBytes ?? 1024 * 1024,
    onError: options.onError,
  });
}

async function* run(
  db: Db,
  actor: Principal,
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  {
    chunkSize,
    maxLineBytes,
    onError,
  }: Required<Omit<StreamOptions, 'onError'>> & Pick<StreamOptions, 'onError'>,
): AsyncGenerator<string> {
  const totals = { created: 0, duplicate: 0, rejected: 0 };
  let offset = 0;
  let batch: Parsed[] = [];
  const flush = async (): Promise<string> => {
    const parsed = batch;
    batch = [];
    const raws = parsed.map((p) => (p.ok ? p.value : undefined));
    const results = await withTenantRetrying(db, actor.workspaceId, async (trx) =>
      ingestChunk(trx, actor, raws, {
        region: await workspaceRegion(trx, actor.workspaceId),
        keyRequired: true,
        itemsOffset: offset,
      }),
    );
    const lines = results.map((result, i) => {
      const p = parsed[i] as Parsed;
      const r: ItemResult = p.ok
        ? result
        : rejection(offset + i, {
            code: 'bad_request',
            message: p.message,
            field: p.field ?? '',
          });
      totals[r.status]++;
      return JSON.stringify(r);
    });
    offset += parsed.length;
    return `${lines.join('\n')}\n`;
  };
  try {
    for await (const line of splitLines(source, maxLineBytes)) {
      batch.push(line);
      if (batch.length >= chunkSize) yield await flush();
    }
    if (batch.length > 0) yield await flush();
    yield `${JSON.stringify({ done: true, items: offset, ...totals })}\n`;
  } catch (err) {
    if (!(err instanceof AppError)) onError?.(err);
    const error =
      err instanceof AppError
        ? { code: err.code, message: err.message }
        : {
            code: 'internal',
            message: 'The stream stopped on an internal error; resend from committedItems',
          };
    yield `${JSON.stringify({ error, committedItems: offset })}\n`;
  }
}

/** Splits NDJSON into parsed lines (blank lines skipped); a bad or oversized line becomes a rejection. */
async function* splitLines(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<Parsed> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;
  const finish = (tail: Buffer): Parsed | undefined => {
    const parts = pending.length > 0 ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    if (oversized) {
      oversized = false;
      return { ok: false, message: `the line is longer than ${maxLineBytes.toLocaleString('en-US')} bytes` };
    }
    // Decoded, bytes that are not UTF-8 would become U+FFFD: two different keys would be one.
    if (!isUtf8(parts)) return { ok: false, message: 'the line is not UTF-8 text' };
    const text = parts.toString('utf8').trim();
    if (text === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: `the line is not valid JSON: ${(err as Error).message}` };
    }
    const problem = findInputProblem(value);
    if (problem)
      return {
        ok: false,
        message: `${problem.field || 'the line'}: ${problem.reason}`,
        field: problem.field,
      };
    return { ok: true, value };
  };
  for await (const piece of source) {
    let buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let nl = buf.indexOf(10);
    while (nl !== -1) {
      const parsed = finish(buf.subarray(0, nl));
      if (parsed) yield parsed;
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    if (buf.length === 0) continue;
    if (oversized || pendingBytes + buf.length > maxLineBytes) {
      oversized = true;
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(Buffer.from(buf));
      pendingBytes += buf.length;
    }
  }
  const last = finish(Buffer.alloc(0));
  if (last) yield last;
}
