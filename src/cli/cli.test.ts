import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAPPORT_BIN, rapport, spawnRapport } from '../testing/cli';

// Commands run in-process (runCli, as the binary does); the binary itself is spawned where the
// process is the subject: its help and exit code, a password on its standard input, and two
// processes sharing one data folder.
describe('the rapport command on the embedded database', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
    env = { RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands', async () => {
    const r = await spawnRapport(['--help'], env);
    expect(r.code).toBe(0);
    for (const command of ['serve', 'migrate', 'workspace', 'user', 'token', 'seed'])
      expect(r.stdout).toContain(command);
  });

  it('creates a workspace, a user with a password from stdin, and an API token printed once', async () => {
    expect((await rapport(['migrate'], env)).stdout).toMatch(
      /^Applied \d+ migration\(s\) and \d+ function file\(s\); schema version \d{4}_\w+\+fn\.[0-9a-f]{8}\n$/,
    );
    const ws = await rapport(['workspace', 'create', '--slug', 'acme', '--name', 'Acme'], env);
    expect(ws).toMatchObject({ code: 0 });
    expect(ws.stdout).toContain('Workspace "acme" created');
    const user = await spawnRapport(
      [
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'ann@acme.com',
        '--role',
        'manager',
        '--password-stdin',
      ],
      env,
      'a long enough password\n',
    );
    expect(user.code).toBe(0);
    const token = await rapport(['token', 'create', '--workspace', 'acme', '--email', 'ann@acme.com'], env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^rpt_[0-9a-f]{32}_[\w-]{40,}$/);
    expect(token.stderr).toContain('shown once');
  });

  it('answers bad input with a message naming the field and a non-zero exit code', async () => {
    const slug = await rapport(['workspace', 'create', '--slug', 'Not A Slug!'], env);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain('slug');
    const short = await rapport(
      [
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'bo@acme.com',
        '--role',
        'sales',
        '--password-stdin',
      ],
      env,
      'short\n',
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password: password must be at least 10 characters/);
    const role = await rapport(
      [
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'bo@acme.com',
        '--role',
        'pilot',
        '--password-stdin',
      ],
      env,
      'a long enough password\n',
    );
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('role');
    const size = await rapport(['seed', '--size', 'huge'], env);
    expect(size.code).not.toBe(0);
    expect(size.stderr).toContain('--size');
    const port = await rapport(['migrate'], { ...env, PORT: 'eighty' });
    expect(port.code).toBe(4);
    expect(port.stderr).toContain('PORT');
  });

  it('refuses to write while a server holds the data folder, and corrupts nothing', async () => {
    const server = spawn(process.execPath, [RAPPORT_BIN, 'serve', '--no-demo'], {
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (d) => {
      output += String(d);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
        server.stdout.on('data', () => {
          if (output.includes('Rapport is running')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const blocked = await spawnRapport(['workspace', 'create', '--slug', 'intruder'], env);
      expect(blocked.code).toBe(3);
      expect(blocked.stderr).toMatch(/in use by another Rapport process \(pid \d+\)/);
    } finally {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    const after = await rapport(['token', 'create', '--workspace', 'acme', '--email', 'ann@acme.com'], env);
    expect(after.code).toBe(0);
    const again = await rapport(['workspace', 'create', '--slug', 'intruder'], env);
    expect(again.code).toBe(0);
  });
});
