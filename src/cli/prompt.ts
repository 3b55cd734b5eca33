import readline from 'node:readline';

/** Reads all of standard input and drops one trailing newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a secret on the terminal without echoing it. */
export function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new Error('No terminal to prompt on: pass the password with --password-stdin'));
  }
  const output = process.stderr;
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
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
