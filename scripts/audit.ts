/**
 * The dependency audit of `npm test`: `npm audit --omit=dev` (the packages that ship), failing on any
 * advisory of high or critical severity that audit-allow.json does not acknowledge. An
 * acknowledgement names the advisory (its GHSA id, or npm's number), the package, why it does not
 * matter here, and a date after which it no longer counts (so it is looked at again):
 *
 *   { "acknowledged": [{ "advisory": "GHSA-xxxx-xxxx-xxxx", "package": "some-lib",
 *       "reason": "only its CLI is affected; we import the parser", "expires": "2027-06-30" }] }
 *
 * When npm cannot reach the advisory service, the audit says so and does not fail, unless
 * RAPPORT_AUDIT_REQUIRED=1 (set it where the service is reachable, so a network fault cannot pass).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Advisory {
  /** GHSA id when npm gives the advisory's address, else npm's number. */
  id: string;
  number: number | undefined;
  package: string;
  severity: string;
  title: string;
  url: string | undefined;
}

export interface Acknowledgement {
  advisory: string;
  package: string;
  reason: string;
  expires: string;
}

const BLOCKING = new Set(['high', 'critical']);

/** The advisories of an `npm audit --json` report (version 2), each once. */
export function advisoriesOf(report: unknown): Advisory[] {
  const vulnerabilities = (report as { vulnerabilities?: Record<string, { via?: unknown[] }> })
    .vulnerabilities;
  const found = new Map<string, Advisory>();
  for (const vulnerability of Object.values(vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || via === null) continue; // a dependency's name: its own entry has the advisory
      const v = via as { source?: number; name?: string; severity?: string; title?: string; url?: string };
      const ghsa = /GHSA(-[0-9a-z]{4}){3}/i.exec(v.url ?? '')?.[0];
      const id = ghsa ?? String(v.source);
      found.set(`${id}/${v.name}`, {
        id,
        number: v.source,
        package: v.name ?? '?',
        severity: v.severity ?? 'high',
        title: v.title ?? '',
        url: v.url,
      });
    }
  }
  return [...found.values()];
}

/** Problems with the acknowledgements themselves: each needs an advisory, a package, a reason and a date. */
export function checkAcknowledgements(list: Acknowledgement[]): string[] {
  return list.flatMap((a, i) => {
    const problems: string[] = [];
    if (!a.advisory) problems.push(`acknowledged[${i}]: no advisory`);
    if (!a.package) problems.push(`acknowledged[${i}]: no package`);
    if (!a.reason || a.reason.trim().length < 10)
      problems.push(`acknowledged[${i}]: say why it does not matter`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.expires ?? '') || Number.isNaN(Date.parse(a.expires)))
      problems.push(`acknowledged[${i}]: expires must be a date (YYYY-MM-DD)`);
    return problems;
  });
}

/** The blocking advisories that no acknowledgement, still in force on `today` (YYYY-MM-DD), covers. */
export function unacknowledged(advisories: Advisory[], list: Acknowledgement[], today: string): Advisory[] {
  const inForce = list.filter((a) => a.expires >= today);
  return advisories.filter(
    (advisory) =>
      BLOCKING.has(advisory.severity) &&
      !inForce.some(
        (a) =>
          a.package === advisory.package &&
          (a.advisory.toLowerCase() === advisory.id.toLowerCase() || a.advisory === String(advisory.number)),
      ),
  );
}

/** What the audit concluded: passed, failed, or skipped because npm could not ask the advisory service. */
export interface AuditOutcome {
  status: 'passed' | 'failed' | 'skipped';
  /** Lines to print: warnings and errors on stderr, the verdict last. */
  messages: string[];
}

/**
 * The verdict on what `npm audit --json --omit=dev` printed (`stdout`; `failure` is why npm itself
 * failed, if it printed nothing useful). A report with advisories of high or critical severity that
 * no acknowledgement in force covers fails. No report (the advisory service unreachable or
 * refusing, npm missing, no JSON) skips, saying why, unless `required`.
 */
export function judgeAudit(
  stdout: string,
  failure: string | undefined,
  list: Acknowledgement[],
  today: string,
  required: boolean,
): AuditOutcome {
  const messages: string[] = [];
  for (const a of list.filter((x) => x.expires < today))
    messages.push(
      `audit-allow.json: the acknowledgement of ${a.advisory} (${a.package}) expired on ${a.expires}`,
    );
  let report: { vulnerabilities?: unknown; message?: string; error?: { summary?: string; code?: string } };
  try {
    report = JSON.parse(stdout);
  } catch {
    report = { message: `npm audit printed no report${failure ? `: ${failure}` : ''}` };
  }
  if (report === null || typeof report !== 'object' || !('vulnerabilities' in report)) {
    const why = report?.message || report?.error?.summary || report?.error?.code || failure || 'no report';
    if (required) {
      messages.push(`dependency audit: FAILED, the advisory service could not be asked (${why})`);
      return { status: 'failed', messages };
    }
    messages.push(
      `dependency audit: SKIPPED, the advisory service could not be asked (${why}); ` +
        'set RAPPORT_AUDIT_REQUIRED=1 where it can be reached',
    );
    return { status: 'skipped', messages };
  }
  const open = unacknowledged(advisoriesOf(report), list, today);
  for (const a of open)
    messages.push(`dependency audit: ${a.severity} ${a.id} in ${a.package}: ${a.title} ${a.url ?? ''}`);
  if (open.length > 0) {
    messages.push(
      `dependency audit: ${open.length} high or critical advisories; update the package, or acknowledge ` +
        'each in audit-allow.json with a reason and an expiry date',
    );
    return { status: 'failed', messages };
  }
  messages.push('dependency audit: no unacknowledged high or critical advisories in the shipped packages');
  return { status: 'passed', messages };
}

function runNpmAudit(root: string): Promise<{ stdout: string; failure: string | undefined }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--json', '--omit=dev'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      // npm audit exits non-zero when it finds anything; the report is on stdout either way.
      (error, stdout) =>
        resolve({ stdout: String(stdout ?? ''), failure: error ? error.message.split('\n')[0] : undefined }),
    );
  });
}

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.join(root, 'audit-allow.json');
  const list = (JSON.parse(fs.readFileSync(file, 'utf8')) as { acknowledged: Acknowledgement[] })
    .acknowledged;
  const problems = checkAcknowledgements(list);
  if (problems.length > 0) {
    for (const p of problems) console.error(`audit-allow.json: ${p}`);
    return 1;
  }
  const { stdout, failure } = await runNpmAudit(root);
  const outcome = judgeAudit(
    stdout,
    failure,
    list,
    new Date().toISOString().slice(0, 10),
    process.env.RAPPORT_AUDIT_REQUIRED === '1',
  );
  const verdict = outcome.messages.pop();
  for (const m of outcome.messages) console.error(m);
  if (outcome.status === 'passed') console.log(verdict);
  else console.error(verdict);
  return outcome.status === 'failed' ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main();
}
