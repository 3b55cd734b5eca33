import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImportRules } from './import-graph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the import rules of the tree', () => {
  it('hold on this tree: doors only, down the floors, no cycles, types only into the web app', () => {
    const violations = checkImportRules(ROOT).map((v) => `${v.rule} ${v.file}:${v.line} ${v.message}`);
    expect(violations).toEqual([]);
  });

  describe('on a planted tree', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-imports-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('src/db/index.ts', 'export const db = 1;\n');
    write('src/platform/index.ts', "import { db } from '../db/index';\nexport const p = db;\n");
    write('src/customers/index.ts', "export { person } from './people/person';\n");
    write('src/customers/people/person.ts', 'export const person = 1;\n');
    write('src/sales/index.ts', 'export const order = 1;\n');
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    const rulesOf = () => checkImportRules(root).map((v) => `${v.rule} ${v.file}`);

    it('finds nothing wrong in a clean tree', () => {
      expect(rulesOf()).toEqual([]);
    });

    it('finds an import past a slice index', () => {
      write(
        'src/sales/orders.ts',
        "import { person } from '../customers/people/person';\nexport const o = person;\n",
      );
      expect(rulesOf()).toEqual(['index-only src/sales/orders.ts']);
      fs.rmSync(path.join(root, 'src/sales/orders.ts'));
    });

    it('finds an import up the floors', () => {
      write('src/db/leak.ts', "import { p } from '../platform/index';\nexport const x = p;\n");
      expect(rulesOf()).toEqual(['floor src/db/leak.ts']);
      fs.rmSync(path.join(root, 'src/db/leak.ts'));
    });

    it('finds a cycle of files, through type imports too', () => {
      write('src/sales/a.ts', "import type { B } from './b';\nexport type A = { b?: B };\n");
      write('src/sales/b.ts', "import type { A } from './a';\nexport type B = { a?: A };\n");
      expect(rulesOf()).toEqual(['cycle src/sales/a.ts']);
      fs.rmSync(path.join(root, 'src/sales/a.ts'));
      fs.rmSync(path.join(root, 'src/sales/b.ts'));
    });

    it('finds product code using the test support, and a web page importing server values', () => {
      write('src/testing/db.ts', 'export const t = 1;\n');
      write('src/sales/uses-test.ts', "import { t } from '../testing/db';\nexport const u = t;\n");
      write('web/src/page.ts', "import { order } from '../../src/sales/index';\nexport const w = order;\n");
      write(
        'web/src/types.ts',
        "import type { order } from '../../src/sales/index';\nexport type W = typeof order;\n",
      );
      expect(rulesOf().sort()).toEqual([
        'test-support src/sales/uses-test.ts',
        'web-types-only web/src/page.ts',
      ]);
    });
  });
});
