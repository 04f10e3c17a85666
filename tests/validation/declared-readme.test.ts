// The README's "Writing your own checks" examples are valid checks files, and their checks run (without
// "could not run") on every dialect.
import { readFileSync } from 'node:fs';
import { KINDS } from '../../src/validation/declared/kinds/index.ts';
import { describe, expect, it } from 'vitest';
import { parseChecks } from '../../src/validation/declared/parse-checks.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { BUILTIN_CODES, plantedLoad, runDeclared } from '../helpers/declared-checks.ts';
import { DIALECTS } from '../helpers/dialects.ts';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(
  readme.indexOf('### Writing your own checks'),
  readme.indexOf('\n## ', readme.indexOf('### Writing your own checks')),
);
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README: writing your own checks', () => {
  it('has examples, each a valid checks file', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(parseChecks(block, 'README.md', { builtinCodes: BUILTIN_CODES }).errors).toEqual([]);
  });

  describe.each(DIALECTS)('on %s', (dialect) => {
    const fresh = migratedDatabases(dialect);
    it('runs every example check', async () => {
      const { db } = await fresh();
      await plantedLoad(db);
      const kinds = new Set<string>();
      for (const block of blocks) {
        const run = await runDeclared(db, block);
        for (const r of run.results) {
          expect(r.error, r.code).toBeNull();
          kinds.add(String((r.details.declared as { kind: string }).kind));
        }
      }
      // Every kind there is has an example in the README.
      expect([...kinds].sort()).toEqual([...KINDS.keys()].sort());
    });

    it('runs every check of the shipped config/checks.yml', async () => {
      const { db } = await fresh();
      await plantedLoad(db);
      const shipped = readFileSync('config/checks.yml', 'utf8');
      const run = await runDeclared(db, shipped);
      const names = [...shipped.matchAll(/^ {4}- name: (\S+)$/gm)].map((m) => m[1]);
      expect(names.length).toBeGreaterThan(5);
      expect(run.results.map((r) => r.code).sort()).toEqual(names.sort());
      for (const r of run.results) expect(r.error, r.code).toBeNull();
      // The planted price: sales 10..12 of product 2 (list price 100) sold at 10.
      expect(run.results.find((r) => r.code === 'precio_cerca_de_lista')).toMatchObject({
        rowsAffected: 3,
        impact: { unidades: 6, ingresos: 60 },
      });
      expect(run.results.find((r) => r.code === 'almacenes_al_dia')).toMatchObject({
        rowsAffected: 1,
        samples: [{ almacen: 'sur', ultima_fecha: '2024-05-20' }],
      });
    });
  });
});
