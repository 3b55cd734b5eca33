import { analyticsJobHandlers } from '../analytics/index';
import { customerJobHandlers } from '../customers/index';
import { importJobHandlers } from '../imports/index';
import type { JobHandler } from '../platform/index';

/** Every slice's durable job handlers, by job kind: what the server's job runner can run. */
export function allJobHandlers(): Map<string, JobHandler> {
  return new Map([...analyticsJobHandlers(), ...customerJobHandlers(), ...importJobHandlers()]);
}
