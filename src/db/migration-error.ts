/** A migration or function file that cannot be applied as it is; nothing of the run was committed. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}
