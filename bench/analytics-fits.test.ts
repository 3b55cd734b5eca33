import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchCdnowFit } from './analytics-fits';
import { missingDataMessage, readSharedData, sharedDataPath } from '../src/testing/shared-data';

const PRESENT = readSharedData('cdnow_customers_summary_with_transactions.csv') !== undefined;

describe('benchCdnowFit', () => {
  // Shape only: timings are machine-dependent and not asserted.
  it.skipIf(!PRESENT)(
    PRESENT
      ? 'returns timings for the CDNOW fits'
      : missingDataMessage('cdnow_customers_summary_with_transactions.csv'),
    () => {
      // The folder the presence check looked in (RAPPORT_SHARED_DATA in a worktree), not the default.
      const t = benchCdnowFit(
        1,
        path.dirname(sharedDataPath('cdnow_customers_summary_with_transactions.csv')),
      );
      expect(t.customers).toBe(2357);
      expect(t.compressedRows).toBeLessThan(t.customers);
      for (const v of [t.bgNbd, t.gammaGamma, t.paretoNbd, t.coldBgNbdPlusGammaGamma])
        expect(v).toBeGreaterThan(0);
    },
  );
});
