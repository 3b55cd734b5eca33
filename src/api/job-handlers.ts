import { analyticsJobHandlers } from '../analytics/jobs';
import { customerJobHandlers } from '../customers/index';
import { importJobHandlers } from '../imports/index';
import type { JobHandler } from '../platform/jobs';

/** Every slice's durable job handlers, by job kind: what the server's job runner can run. */
export function allJobHandlers(): Map<string, JobHandler> {
  return new Map([...analyticsJobHandlers(), ...customerJobHandlers(), ...importJobHandlers()]);
}
