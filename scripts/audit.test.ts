import { describe, expect, it } from 'vitest';
import { advisoriesOf, checkAcknowledgements, unacknowledged } from './audit';

/** The shape of `npm audit --json` (report version 2), cut down. */
const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    'parse-thing': {
      name: 'parse-thing',
      severity: 'high',
      via: [
        {
          source: 1096727,
          name: 'parse-thing',
          dependency: 'parse-thing',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-abcd-efgh-ijkl',
          severity: 'high',
        },
      ],
    },
    'uses-parse-thing': { name: 'uses-parse-thing', severity: 'high', via: ['parse-thing'] },
    'slow-regex': {
      name: 'slow-regex',
      severity: 'moderate',
      via: [
        {
          source: 1,
          name: 'slow-regex',
          title: 'ReDoS',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'moderate',
        },
      ],
    },
  },
};

describe('the dependency audit', () => {
  const advisories = advisoriesOf(report);

  it('reads each advisory once, by its GHSA id, leaving out the packages that only depend on it', () => {
    expect(advisories.map((a) => [a.id, a.package, a.severity])).toEqual([
      ['GHSA-abcd-efgh-ijkl', 'parse-thing', 'high'],
      ['GHSA-aaaa-bbbb-cccc', 'slow-regex', 'moderate'],
    ]);
  });

  it('fails on a high advisory until it is acknowledged, and again when the acknowledgement expires', () => {
    expect(unacknowledged(advisories, [], '2027-01-01').map((a) => a.id)).toEqual(['GHSA-abcd-efgh-ijkl']);
    const ack = {
      advisory: 'GHSA-abcd-efgh-ijkl',
      package: 'parse-thing',
      reason: 'only its CLI is affected; we import the parser',
      expires: '2027-03-01',
    };
    expect(unacknowledged(advisories, [ack], '2027-01-01')).toEqual([]);
    expect(unacknowledged(advisories, [{ ...ack, advisory: '1096727' }], '2027-01-01')).toEqual([]);
    expect(unacknowledged(advisories, [ack], '2027-03-02')).toHaveLength(1);
    expect(unacknowledged(advisories, [{ ...ack, package: 'other' }], '2027-01-01')).toHaveLength(1);
  });

  it('wants a reason and an expiry date for every acknowledgement', () => {
    expect(
      checkAcknowledgements([
        { advisory: 'GHSA-abcd-efgh-ijkl', package: 'p', reason: 'ok', expires: 'soon' },
      ]),
    ).toEqual([
      'acknowledged[0]: say why it does not matter',
      'acknowledged[0]: expires must be a date (YYYY-MM-DD)',
    ]);
  });
});
