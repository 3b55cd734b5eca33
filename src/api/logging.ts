import fs from 'node:fs';
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { LogLevel } from '../config';

/**
 * The server's log: JSON lines on standard output at the configured level, one line per request
 * (method, address, status, time taken: `RequestLog`, where Fastify wrote two), written
 * together once per turn of the event loop: under load that is one write for many requests, where
 * each line was a system call of its own. Whatever is left is written when the process exits.
 */
export function serverLogger(level: LogLevel, fd = 1): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return { level, stream: new BatchedWriter(fd) };
}

/**
 * Fastify's request log lines, one per request: nothing when it comes in, then its method, address,
 * status and time taken when it is answered (a 5xx's error is logged with its stack by the error handler).
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(_error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  }
}

/** Lines kept until the event loop's next turn, then written to `fd` with one call. */
export class BatchedWriter {
  #lines: string[] = [];
  #scheduled = false;

  constructor(private readonly fd: number) {
    process.once('exit', () => this.flush());
  }

  write(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length >= 512) this.flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.#scheduled = false;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('');
    this.#lines = [];
    try {
      fs.writeSync(this.fd, text);
    } catch {
      // Standard output closed (the process is going away): nothing more can be said there.
    }
  }
}
