import { resolveApiToken } from '../../platform/index';
import {
  createApiToken,
  createUser,
  createWorkspace,
  findWorkspaceBySlug,
  listUsers,
  SYSTEM_PRINCIPAL,
} from '../../platform/index';
import { CliError, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';
import { promptSecret, readStdin } from '../prompt';

export async function createWorkspaceCommand(
  options: { slug: string; name?: string; region?: string },
  io: CliIo,
) {
  await withDatabase(io, async ({ db }) => {
    const ws = await createWorkspace(db, {
      slug: options.slug,
      name: options.name ?? options.slug,
      defaultRegion: options.region,
    });
    writeLine(io.stdout, `Workspace "${ws.slug}" created (id ${ws.id})`);
  });
}

export async function createUserCommand(
  options: {
    workspace: string;
    email: string;
    role: string;
    name?: string;
    passwordStdin?: boolean;
  },
  io: CliIo,
) {
  const password = options.passwordStdin ? await readStdin(io) : await promptSecret(io, 'Password: ');
  await withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, options.workspace);
    const user = await createUser(db, SYSTEM_PRINCIPAL(ws.id), {
      email: options.email,
      name: options.name,
      role: options.role,
      password,
    });
    writeLine(io.stdout, `User ${user.email} (${user.role}) created in "${ws.slug}" (id ${user.id})`);
  });
}

export async function createTokenCommand(
  options: { workspace: string; email: string; name: string },
  io: CliIo,
) {
  await withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, options.workspace);
    const system = SYSTEM_PRINCIPAL(ws.id);
    const user = (await listUsers(db, system)).find((u) => u.email === options.email.trim().toLowerCase());
    if (!user) throw new CliError(`--email: no user ${options.email} in workspace "${ws.slug}"`);
    const { token } = await createApiToken(db, system, { name: options.name, userId: user.id });
    if (!(await resolveApiToken(db, token))) throw new CliError('the new token does not resolve', 1);
    writeLine(io.stderr, `API token for ${user.email} in "${ws.slug}" (shown once; store it now):`);
    writeLine(io.stdout, token);
  });
}
