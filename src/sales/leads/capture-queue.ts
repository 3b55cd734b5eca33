import type { Db } from '../../db/index';
import { withTenantRetrying } from '../../db/index';
import { SYSTEM_PRINCIPAL } from '../../platform/index';
import { type CaptureOutcome, captureLeads, type LeadDraft } from './leads';

/** Leads written per transaction at most. */
const MAX_BATCH = 500;
/** Transactions in flight per workspace; the rest of the posts wait and go in the next batch. */
const MAX_IN_FLIGHT = 2;

interface Waiting {
  draft: LeadDraft;
  resolve(outcome: CaptureOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the public form: a post is written at once when its workspace has a free
 * transaction slot, otherwise it waits for the batch in flight and goes in the next one, with every
 * post that came meanwhile (up to MAX_BATCH). One identity resolution and one insert then serve a
 * whole batch, so capture keeps up with a burst; each post is answered after its batch commits. A
 * batch that fails answers each of its posts with the error.
 */
export class LeadCaptureQueue {
  private readonly queues = new Map<string, { waiting: Waiting[]; inFlight: number }>();

  constructor(private readonly db: Db) {}

  submit(workspaceId: string, draft: LeadDraft): Promise<CaptureOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(workspaceId);
      if (!queue) {
        queue = { waiting: [], inFlight: 0 };
        this.queues.set(workspaceId, queue);
      }
      queue.waiting.push({ draft, resolve, reject });
      this.pump(workspaceId);
    });
  }

  private pump(workspaceId: string): void {
    const queue = this.queues.get(workspaceId);
    if (!queue) return;
    while (queue.inFlight < MAX_IN_FLIGHT && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      queue.inFlight++;
      this.write(workspaceId, batch).finally(() => {
        queue.inFlight--;
        if (queue.inFlight === 0 && queue.waiting.length === 0) this.queues.delete(workspaceId);
        else this.pump(workspaceId);
      });
    }
  }

  private async write(workspaceId: string, batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await withTenantRetrying(this.db, workspaceId, (trx) =>
        captureLeads(
          trx,
          SYSTEM_PRINCIPAL(workspaceId),
          batch.map((w) => w.draft),
        ),
      );
      batch.forEach((w, i) => {
        w.resolve(outcomes[i] as CaptureOutcome);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
