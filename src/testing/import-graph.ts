import fs from 'node:fs';
import path from 'node:path';

/**
 * The import rules of the tree, checked by reading the source (boundaries.test.ts):
 *
 * - a file outside a top-level folder of `src/` reaches into it only through its `index.ts`;
 * - imports run down the floors: api and cli above the domain slices, the slices above platform,
 *   platform above db, db above config; never up;
 * - no cycle of files, through value imports or type imports;
 * - the web app takes nothing from `src/` but types (`import type`);
 * - tests may also use `src/testing/` and compose the app (they are exempt from the floors).
 */

/** Height of each top-level folder of `src/`; a file imports only from its floor or below. */
export const FLOORS: Readonly<Record<string, number>> = {
  'config.ts': 0,
  db: 1,
  platform: 2,
  customers: 3,
  interactions: 3,
  telephony: 3,
  tasks: 3,
  imports: 3,
  privacy: 3,
  sales: 3,
  service: 3,
  marketing: 3,
  analytics: 3,
  demo: 4,
  api: 5,
  cli: 6,
};

/** Support code for tests only: any test may use it, no product file may. */
const TEST_SUPPORT = 'testing';

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

export interface Violation {
  rule: 'index-only' | 'floor' | 'cycle' | 'web-types-only' | 'unknown-folder' | 'test-support';
  file: string;
  line: number;
  message: string;
}

const SOURCE = /\.(ts|tsx)$/;
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (SOURCE.test(entry.name)) out.push(full);
  }
  return out;
}

function resolve(fromFile: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every relative import of the TypeScript files under `dirs` (absolute paths). */
export function readImports(dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap(listSources)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4];
      if (!spec) continue;
      const to = resolve(file, spec);
      if (!to) continue;
      const line = text.slice(0, (m.index ?? 0) + m[0].indexOf(spec)).split('\n').length;
      edges.push({ from: file, to, typeOnly: m[2] !== undefined, line });
    }
  }
  return edges;
}

const isTest = (file: string) => /\.(test|e2e\.test)\.tsx?$/.test(file);

/** The top-level folder (or file) of `src/` that holds `file`, or undefined outside `src/`. */
function topOf(srcDir: string, file: string): string | undefined {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(path.sep)[0];
}

/** Checks the rules on the tree at `root` (which holds `src/`, `web/src/` and `bench/`). */
export function checkImportRules(root: string): Violation[] {
  const srcDir = path.join(root, 'src');
  const webDir = path.join(root, 'web', 'src');
  const edges = readImports([srcDir, webDir, path.join(root, 'bench')]);
  const violations: Violation[] = [];
  const at = (rule: Violation['rule'], e: ImportEdge, message: string) =>
    violations.push({ rule, file: path.relative(root, e.from), line: e.line, message });

  for (const e of edges) {
    const fromTop = topOf(srcDir, e.from);
    const toTop = topOf(srcDir, e.to);
    if (toTop === undefined) continue;
    const target = path.relative(root, e.to);
    if (e.from.startsWith(webDir + path.sep)) {
      const webTestSupport = isTest(e.from) || e.from.startsWith(path.join(webDir, 'testing') + path.sep);
      if (!e.typeOnly && !webTestSupport)
        at('web-types-only', e, `the web app imports ${target} for more than types`);
      if (!webTestSupport) continue;
    }
    if (fromTop === toTop) continue;
    if (toTop === TEST_SUPPORT) {
      if (!isTest(e.from) && fromTop !== TEST_SUPPORT && fromTop !== undefined) {
        at('test-support', e, `product code imports the test support ${target}`);
      }
      continue;
    }
    if (!(toTop in FLOORS)) {
      at('unknown-folder', e, `src/${toTop} has no floor in FLOORS`);
      continue;
    }
    const isDoor =
      toTop === 'config.ts' ||
      (path.basename(e.to) === 'index.ts' && path.dirname(e.to) === path.join(srcDir, toTop));
    if (!isDoor) at('index-only', e, `${target} is reached past src/${toTop}/index.ts`);
    if (fromTop === undefined || fromTop === TEST_SUPPORT || isTest(e.from)) continue;
    const fromFloor = FLOORS[fromTop];
    const toFloor = FLOORS[toTop] ?? 0;
    if (fromFloor === undefined) at('unknown-folder', e, `src/${fromTop} has no floor in FLOORS`);
    else if (toFloor > fromFloor)
      at('floor', e, `src/${fromTop} (floor ${fromFloor}) imports src/${toTop} (floor ${toFloor})`);
  }

  for (const cycle of findCycles(edges.filter((e) => !isTest(e.from) && !isTest(e.to)))) {
    const first = cycle[0]!;
    violations.push({
      rule: 'cycle',
      file: path.relative(root, first),
      line: 0,
      message: `import cycle: ${cycle.map((f) => path.relative(root, f)).join(' -> ')} -> ${path.relative(root, first)}`,
    });
  }
  return violations;
}

/** The strongly connected components of more than one file (or a file importing itself), by Tarjan. */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next.get(v)?.includes(v)) cycles.push(component.reverse());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
