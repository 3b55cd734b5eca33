import { describe, expect, it } from 'vitest';
import { advisoriesOf, checkAcknowledgements, judgeAudit, unacknowledged } from './audit';

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

  describe('its verdict on what npm printed', () => {
    /** What npm audit --json prints when the registry refuses the bulk advisory endpoint (as here). */
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    const ack = {
      advisory: 'GHSA-abcd-efgh-ijkl',
      package: 'parse-thing',
      reason: 'only its CLI is affected; we import the parser',
      expires: '2027-03-01',
    };

    it('skips, saying why, when the advisory service cannot be asked, and fails then only when required', () => {
      const skipped = judgeAudit(refused, 'Command failed', [], '2027-01-01', false);
      expect(skipped.status).toBe('skipped');
      expect(skipped.messages.at(-1)).toMatch(
        /SKIPPED, the advisory service could not be asked \(405 Method/,
      );
      expect(judgeAudit(refused, 'Command failed', [], '2027-01-01', true)).toMatchObject({
        status: 'failed',
      });
      // No JSON at all (npm missing, a crash): the same, with npm's own failure as the reason.
      const nothing = judgeAudit('', 'spawn npm ENOENT', [], '2027-01-01', false);
      expect(nothing.status).toBe('skipped');
      expect(nothing.messages.at(-1)).toMatch(/npm audit printed no report: spawn npm ENOENT/);
      expect(judgeAudit('', 'spawn npm ENOENT', [], '2027-01-01', true).status).toBe('failed');
    });

    it('fails on an unacknowledged high advisory, passes when acknowledged, and warns when one expired', () => {
      const out = JSON.stringify(report);
      const failed = judgeAudit(out, 'exit 1', [], '2027-01-01', false);
      expect(failed.status).toBe('failed');
      expect(failed.messages[0]).toMatch(/high GHSA-abcd-efgh-ijkl in parse-thing: Prototype pollution/);
      expect(judgeAudit(out, 'exit 1', [ack], '2027-01-01', false).status).toBe('passed');
      const expired = judgeAudit(out, 'exit 1', [ack], '2027-04-01', false);
      expect(expired.status).toBe('failed');
      expect(expired.messages[0]).toMatch(
        /acknowledgement of GHSA-abcd-efgh-ijkl \(parse-thing\) expired on 2027-03-01/,
      );
      expect(
        judgeAudit(JSON.stringify({ vulnerabilities: {} }), undefined, [], '2027-01-01', true).status,
      ).toBe('passed');
    });
  });
});
