import type { Db } from '../db/index';
import { expireUploads } from './repository';

/**
 * An upload stays `uploading` while its parts arrive (each stored part marks it alive). One that no
 * part has reached for this long was cut off (its server crashed, or the client went away): it is
 * marked failed and its stored parts deleted, so they do not stay in the database forever.
 */
export const UPLOAD_EXPIRY_MS = 60 * 60_000;
/** How often the server looks for such uploads. */
const CHECK_EVERY_MS = 10 * 60_000;

/** Gives up interrupted uploads of every workspace; returns how many. */
export function expireStaleUploads(db: Db, olderThanMs = UPLOAD_EXPIRY_MS): Promise<number> {
  return expireUploads(db, olderThanMs);
}

/**
 * The server's upkeep of uploads: a check at start (uploads a crash left behind) and every ten
 * minutes, the next a while after the last ended. The timer does not keep the process alive.
 */
export function startUploadExpiry(
  db: Db,
  onError: (err: unknown) => void = () => {},
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const check = () => {
    running = expireStaleUploads(db).then(
      () => undefined,
      (err: unknown) => onError(err),
    );
    void running.then(() => {
      if (stopped) return;
      timer = setTimeout(check, CHECK_EVERY_MS);
      timer.unref();
    });
  };
  check();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
