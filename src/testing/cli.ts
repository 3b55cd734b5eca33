import { execFile } from 'node:child_process';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../cli/index';

/** The `rapport` binary: spawned only where the process itself is the subject. */
export const RAPPORT_BIN = path.resolve('bin/rapport.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `rapport` command line in this process, as the binary does (same parsing, exit codes and
 * output), with `env` over this process's environment and `input` as standard input. Saves the
 * binary's start-up (node, tsx, imports) on every call.
 */
export async function rapport(args: string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const code = await runCli(args, {
    env: { ...process.env, ...env },
    stdin: Readable.from(input === '' ? [] : [input]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the real binary in a child process (node + tsx): for the end-to-end checks of the process. */
export function spawnRapport(args: string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [RAPPORT_BIN, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** A stream that keeps what is written to it, synchronously, so the text is complete on return. */
function collect() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
