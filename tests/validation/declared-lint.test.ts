// A bad checks file: every error with its file, line and column and what was expected, found before
// anything runs; the SQL guard refuses anything but a single read-only SELECT.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EXPECTED_TABLES } from '../../src/validation/expected-schema.ts';
import { DATA_TABLES } from '../../src/validation/declared/catalog.ts';
import { parseChecks } from '../../src/validation/declared/parse-checks.ts';
import { guardQuery } from '../../src/validation/declared/sql-guard.ts';
import { BUILTIN_CODES } from '../helpers/declared-checks.ts';

const parse = (text: string) =>
  parseChecks(text, 'config/checks.yml', { builtinCodes: BUILTIN_CODES, fileExists: (p) => p === 'docs/runbooks/returns.md' });
const errorsOf = (text: string) => parse(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('checks file lint', () => {
  it('reports an unknown table with the tables that exist', () => {
    const { errors } = parse('tables:\n  venta:\n    - { name: a, kind: row_count, min: 1, severity: ERROR }\n');
    expect(errors).toEqual([
      {
        file: 'config/checks.yml',
        line: 2,
        column: 3,
        message: expect.stringContaining('unknown table "venta" (tables: categorias, ciudades, productos, clientes, ventas, inventario)'),
      },
    ]);
  });

  it('reports an unknown column with the columns of its table, at the value', () => {
    expect(errorsOf('tables:\n  ventas:\n    - name: a\n      kind: missing\n      column: fechaa\n      severity: ERROR\n')).toEqual([
      '5:15 unknown column "fechaa" in table ventas (it has: venta_id, fecha, producto_id, cliente_id, ciudad_id, cantidad, precio_unitario, carga_id, linea)',
    ]);
  });

  it('reports an unknown kind, severity and key, and a missing name', () => {
    const errors = errorsOf(
      'tables:\n  ventas:\n    - kind: rowcount\n      severity: HIGH\n    - { name: b, kind: row_count, min: 1, severity: ERROR, limite: 3 }\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(/^3:7 a rowcount check needs "name"/),
      expect.stringMatching(
        /^3:13 unknown kind "rowcount" \(expected one of row_count, missing, duplicate, invalid, reference, freshness, metric, sql, anomaly\)/,
      ),
      '4:17 unknown severity "HIGH" (expected WARNING, ERROR, CRITICAL)',
      expect.stringMatching(/^5:60 unknown key "limite" in a row_count check/),
    ]);
  });

  it('reports bad bounds: not a number, max below min, none given, a percent above 100, a date range on a number', () => {
    const errors = errorsOf(`tables:
  ventas:
    - { name: a, kind: row_count, min: lots, severity: ERROR }
    - { name: b, kind: row_count, min: 5, max: 2, severity: ERROR }
    - { name: c, kind: metric, function: sum, column: cantidad, severity: ERROR }
    - { name: d, kind: missing, column: fecha, max_percent: 150, severity: ERROR }
    - { name: e, kind: invalid, column: cantidad, range: { min: 2024-01-01 }, severity: ERROR }
    - { name: f, kind: freshness, column: cantidad, max_age_days: 2, severity: ERROR }
`);
    expect(errors).toEqual([
      '3:40 bad bound: expected a whole number for "min", got "lots"',
      '4:48 bad bound: "max" (2) is below "min" (5)',
      '5:24 bad bound: a metric check needs "min", "max" or both',
      '6:61 bad bound: "max_percent" must be at most 100, got 150',
      '7:58 bad bound: expected numbers in "range" (ventas.cantidad is integer), got "2024-01-01"',
      expect.stringMatching(/^8:43 "column" must be a date column; ventas.cantidad is integer \(date columns: fecha\)/),
    ]);
  });

  it('reports a query that is not a single SELECT', () => {
    const errors = errorsOf('tables:\n  ventas:\n    - name: a\n      kind: sql\n      severity: ERROR\n      query: delete from ventas\n');
    expect(errors).toEqual(['6:14 expected a SELECT query (or WITH ... SELECT), got "DELETE"']);
  });

  it('reports unknown built-in checks and bad overrides, and clashing names', () => {
    const errors = errorsOf(
      'builtin:\n  retruns: { enabled: false }\n  returns: { severity: LOW }\ntables:\n  ventas:\n    - { name: returns, kind: row_count, min: 1, severity: ERROR }\n    - { name: x, kind: row_count, min: 1, severity: ERROR }\n    - { name: x, kind: row_count, min: 1, severity: ERROR }\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(/^2:3 unknown built-in check "retruns" \(built-in checks: database_structure, /),
      '3:24 unknown severity "LOW" (expected WARNING, ERROR, CRITICAL)',
      expect.stringMatching(/^6:15 "returns" is a built-in check/),
      '8:15 another check is already named "x"',
    ]);
  });

  it('reports YAML syntax errors with their position, and a runbook file that does not exist', () => {
    expect(errorsOf('tables:\n  ventas: [\n')[0]).toMatch(/^\d+:\d+ not valid YAML: /);
    expect(
      errorsOf('tables:\n  ventas:\n    - { name: a, kind: row_count, min: 1, severity: ERROR, runbook: docs/runbooks/nope.md }\n'),
    ).toEqual(['3:69 no runbook file "docs/runbooks/nope.md"']);
  });

  it('yields no checks to run from a file with errors, and built-in overrides from a good one', () => {
    expect(
      parse(
        'tables:\n  ventas:\n    - { name: a, kind: row_count, min: 1, severity: ERROR }\n    - { name: b, kind: nope, severity: ERROR }\n',
      ).checks,
    ).toEqual([]);
    const good = parse('builtin:\n  returns: { enabled: false }\n  future_dates: { severity: ERROR }\n');
    expect(good).toMatchObject({
      errors: [],
      builtins: { returns: { enabled: false, severity: null }, future_dates: { enabled: true, severity: 'ERROR' } },
    });
    expect(parse('')).toMatchObject({ errors: [], checks: [] });
  });

  it('accepts the shipped example file', () => {
    const shipped = parseChecks(readFileSync('config/checks.yml', 'utf8'), 'config/checks.yml', { builtinCodes: BUILTIN_CODES });
    expect(shipped.errors).toEqual([]);
    expect(shipped.checks.map((c) => c.name)).toContain('precio_cerca_de_lista');
  });

  it('knows the same columns as the expected schema', () => {
    for (const [table, info] of Object.entries(DATA_TABLES))
      expect(Object.keys(info.columns).sort()).toEqual([...EXPECTED_TABLES[table]!].sort());
  });
});

describe('SQL guard', () => {
  const refused = (q: string) => guardQuery(q).message;

  it('accepts a SELECT, a WITH ... SELECT and one trailing semicolon; keywords in strings or comments do not count', () => {
    expect(guardQuery('select * from ventas').ok).toBe(true);
    expect(guardQuery('with x as (select 1 as a) select * from x;').query).toBe('with x as (select 1 as a) select * from x');
    expect(guardQuery("select 'delete; drop' as texto -- insert\nfrom ventas /* update */").ok).toBe(true);
  });

  it('refuses INSERT, two statements, PRAGMA, ATTACH and a write inside a CTE', () => {
    expect(refused('insert into ventas select * from ventas')).toMatch(/expected a SELECT query.*"INSERT"/);
    expect(refused('select 1; select 2')).toMatch(/single SELECT statement, found more than one/);
    expect(refused('select 1; delete from ventas')).toMatch(/more than one/);
    expect(refused('pragma query_only = off')).toMatch(/"PRAGMA"/);
    expect(refused("select 1 from ventas where 1 = 0 union select 1 from (select 1) x; attach 'x.db' as x")).toMatch(/more than one/);
    expect(refused('with d as (delete from ventas returning *) select * from d')).toMatch(/"DELETE" is not allowed/);
    expect(refused('with u as (update ventas set cantidad = 0 returning *) select * from u')).toMatch(/"UPDATE" is not allowed/);
    expect(refused('select * into copia from ventas')).toMatch(/"INTO" is not allowed/);
    expect(refused("select set_config('default_transaction_read_only', 'off', false)")).toMatch(/"SET_CONFIG" is not allowed/);
    expect(refused('select $$x$$')).toMatch(/"\$\$" is not allowed/);
    expect(refused("select 'unclosed")).toMatch(/not closed/);
  });
});
