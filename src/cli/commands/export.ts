import fs from 'node:fs';
import { once } from 'node:events';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../customers/index';
import { exportPeopleCsv } from '../../imports/index';
import { findWorkspaceBySlug, SYSTEM_PRINCIPAL } from '../../platform/index';
import { CliError, withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';

export interface ExportPeopleFlags {
  workspace: string;
  lifecycleStage?: string;
  namePrefix?: string;
  out?: string;
}

/** `rapport export people`: the workspace's people as CSV (the columns of GET /api/people/export.csv). */
export async function exportPeopleCommand(flags: ExportPeopleFlags, io: CliIo): Promise<void> {
  if (
    flags.lifecycleStage !== undefined &&
    !LIFECYCLE_STAGES.includes(flags.lifecycleStage as LifecycleStage)
  )
    throw new CliError(`--lifecycle-stage: one of ${LIFECYCLE_STAGES.join(', ')}`);
  await withDatabase(io, async ({ db }) => {
    const ws = await findWorkspaceBySlug(db, flags.workspace);
    const out = flags.out ? fs.createWriteStream(flags.out) : io.stdout;
    let rows = -1;
    for await (const text of exportPeopleCsv(db, SYSTEM_PRINCIPAL(ws.id), {
      ...(flags.lifecycleStage ? { lifecycleStage: flags.lifecycleStage as LifecycleStage } : {}),
      ...(flags.namePrefix ? { namePrefix: flags.namePrefix } : {}),
    })) {
      rows += text.split('\n').length - 1;
      if (!out.write(text)) await once(out, 'drain');
    }
    if (flags.out) {
      await new Promise<void>((resolve) => (out as fs.WriteStream).end(() => resolve()));
      writeLine(io.stderr, `Exported ${rows.toLocaleString('en-US')} people to ${flags.out}`);
    }
  });
}
