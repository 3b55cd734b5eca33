import readline from 'node:readline';
import type { CliIo } from './io';

/** Reads all of standard input and drops one trailing newline. */
export async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a secret on the terminal without echoing it. */
export function promptSecret(io: CliIo, question: string): Promise<string> {
  if (!io.stdin.isTTY) {
    return Promise.reject(new Error('No terminal to prompt on: pass the password with --password-stdin'));
  }
  const output = io.stderr;
  const rl = readline.createInterface({ input: io.stdin, output, terminal: true });
  const write = output.write.bind(output);
  let muted = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (!muted) write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
