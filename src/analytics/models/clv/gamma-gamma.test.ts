import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import {
  missingDataMessage,
  publishedTolerance,
  readSharedData,
  relativeDifference,
  roundingTolerance,
} from '../../../testing/shared-data';
import {
  correlateFrequencySpend,
  evaluateGammaGammaLogLikelihood,
  fitGammaGamma,
  predictGammaGammaSpend,
} from './gamma-gamma';
import { summarizeTransactions } from './summary';
import { parseSummaryCsv } from './summary-csv';
import { parseWhitespaceTransactions } from './transaction-file';

/** Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves", CDNOW, 946 repeat buyers. */
const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma closed forms', () => {
  it('conditional expected spend is the weighted mean of population and customer means (eq. 5)', () => {
    // p(γ + x z̄)/(px + q − 1) = 6.25 · (15.44 + 44.7) / 14.24 = 24.663713910761153 (numpy)
    expect(predictGammaGammaSpend(PUBLISHED, { x: 2, monetaryValue: 22.35 })).toBeCloseTo(
      24.663713910761153,
      12,
    );
    // x = 0: the population mean pγ/(q − 1) = 35.21897810218978
    expect(predictGammaGammaSpend(PUBLISHED, { x: 0, monetaryValue: 0 })).toBeCloseTo(35.21897810218978, 12);
  });

  it('Pearson correlation by hand: x = 1, 2, 3 with z̄ = 10, 20, 30 is 1; customers with x = 0 ignored', () => {
    const rows = [
      { x: 1, monetaryValue: 10 },
      { x: 2, monetaryValue: 20 },
      { x: 3, monetaryValue: 30 },
      { x: 0, monetaryValue: 0 },
    ];
    expect(correlateFrequencySpend(rows)).toBeCloseTo(1, 14);
    expect(correlateFrequencySpend([{ x: 1, monetaryValue: 5 }])).toBeNaN();
  });

  it('rejects a repeat buyer without positive spend', () => {
    expect(() => fitGammaGamma([{ x: 2, monetaryValue: 0 }])).toThrow(InputError);
    expect(() =>
      fitGammaGamma([
        { x: 0, monetaryValue: 0 },
        { x: 1, monetaryValue: Number.NaN },
      ]),
    ).toThrow('line 2, field monetaryValue');
    expect(() => fitGammaGamma([{ x: 0, monetaryValue: 0 }])).toThrow('no repeat buyers');
  });
});

const WITH_SPEND = readSharedData('cdnow_customers_summary_with_transactions.csv');
const SAMPLE = readSharedData('CDNOW_sample.txt');

describe.skipIf(!WITH_SPEND)('Gamma-Gamma on CDNOW (golden)', () => {
  if (!WITH_SPEND) {
    it.skip(missingDataMessage('cdnow_customers_summary_with_transactions.csv'), () => {});
    return;
  }
  const rows = parseSummaryCsv(WITH_SPEND, {
    customerId: 'ID',
    x: 'x',
    tx: 't_x',
    T: 'T',
    monetaryValue: 'zbar',
  });
  const fit = fitGammaGamma(rows);

  it('uses the 946 repeat buyers; LL at the published parameters (numpy/scipy: −4055.9247127301687)', () => {
    expect(rows.filter((r) => r.x > 0)).toHaveLength(946);
    expect(
      relativeDifference(evaluateGammaGammaLogLikelihood(PUBLISHED, rows), -4055.9247127301687),
    ).toBeLessThan(1e-12);
  });

  it('fit reproduces p = 6.25, q = 3.74, γ = 15.44 to 1e-3', () => {
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(
        publishedTolerance(PUBLISHED[key], 2),
      );
    }
    // On this csv (z̄ rounded to cents) γ comes out 15.4477, 0.0077 above the printed 15.44 (lifetimes
    // prints 15.45 from the same file): within 1e-3 relative; the unrounded test below meets the rounding.
  });

  it('fit is pinned to 1e-6 (regression values of this implementation on the csv)', () => {
    const pinned = { p: 6.248802507428106, q: 3.744588452650341, gamma: 15.447747957773245 };
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(relativeDifference(fit.params[key], pinned[key])).toBeLessThan(1e-6);
    }
    expect(relativeDifference(fit.logLikelihood, -4055.923243502902)).toBeLessThan(1e-9);
  });

  it('frequency–spend correlation is 0.11 as reported (FHL 2005, "RFM and CLV")', () => {
    expect(Math.abs(correlateFrequencySpend(rows) - 0.11)).toBeLessThanOrEqual(roundingTolerance(2));
  });

  it.skipIf(!SAMPLE)(
    'on unrounded spend built from CDNOW_sample.txt the estimates round to the published ones',
    () => {
      const built = summarizeTransactions(
        parseWhitespaceTransactions(SAMPLE as string, {
          customerCol: 2,
          dateCol: 3,
          amountCol: 5,
          dateFormat: 'YYYYMMDD',
        }),
        { unit: 'week', calibrationEnd: new Date('1997-09-30T00:00:00Z') },
      );
      const raw = fitGammaGamma(built);
      for (const key of ['p', 'q', 'gamma'] as const) {
        expect(Math.abs(raw.params[key] - PUBLISHED[key])).toBeLessThanOrEqual(roundingTolerance(2));
      }
      // Pinned: γ = 15.443520911076751
      expect(relativeDifference(raw.params.gamma, 15.443520911076751)).toBeLessThan(1e-6);
    },
  );
});
