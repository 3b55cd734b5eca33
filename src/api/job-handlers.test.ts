import { describe, expect, it } from 'vitest';
import { RECOMPUTE_SCORES } from '../analytics/index';
import { DUPLICATE_SCAN_JOB } from '../customers/index';
import { allJobHandlers } from './job-handlers';

describe('the server job runner', () => {
  it('can run every kind of job the API queues', () => {
    const kinds = [...allJobHandlers().keys()];
    expect(kinds).toEqual(expect.arrayContaining([RECOMPUTE_SCORES, DUPLICATE_SCAN_JOB]));
  });
});
