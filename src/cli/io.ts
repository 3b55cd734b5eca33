import type { Readable, Writable } from 'node:stream';

/**
 * What a command reads and writes: the process's own streams and environment in the binary, or a
 * caller's (tests run commands in-process with captured output). Commands never touch `process.std*`
 * or `process.env` themselves.
 */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

export function processIo(): CliIo {
  return { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Writes one line of text (what `console.log` did before output could be redirected). */
export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}
