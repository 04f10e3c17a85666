import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/tables.ts';
import { loadAndValidate } from '../../../src/jobs/load-and-validate.ts';
import { ALL_CHECKS } from '../../../src/validation/checks/index.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../../src/validation/config.ts';
import { parseChecks } from '../../../src/validation/declared/parse-checks.ts';
import type { ValidationRun } from '../../../src/validation/types.ts';
import { writeCleanData } from '../../helpers/clean-data.ts';
import { migratedDatabases } from '../../helpers/database.ts';
import { DIALECTS } from '../../helpers/dialects.ts';
import { tempDirs } from '../../helpers/temp-dir.ts';

const newDir = tempDirs();
const VENTAS_HISTORY = [5100, 5200, 5300, 5250, 5150, 5400, 5350, 5200, 5300, 5250];

/** Earlier successful loads with stored metrics: ventas ~5,250 rows and ~100,000 in revenue, the other files as the clean data set. */
async function insertHistory(db: Kysely<Database>, ventasRows: number[]) {
  for (const [i, rows] of ventasRows.entries()) {
    const day = `2024-12-${String(i + 1).padStart(2, '0')}`;
    const { id } = await db
      .insertInto('cargas')
      .values({
        iniciada_en: `${day}T02:00:00.000Z`,
        finalizada_en: `${day}T02:05:00.000Z`,
        fecha_corte: day,
        estado: 'ok',
        directorio: 'history',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const metric = (archivo: string, metrica: Database['metricas_carga']['metrica'], valor: number, clave = '') => ({
      carga_id: id,
      archivo,
      metrica,
      clave,
      valor,
    });
    await db
      .insertInto('metricas_carga')
      .values([
        metric('ventas', 'filas_cargadas', rows),
        metric('productos', 'filas_cargadas', 4),
        metric('clientes', 'filas_cargadas', 3),
        metric('inventario', 'filas_cargadas', 4),
        ...['ventas', 'productos', 'clientes', 'inventario'].map((f) => metric(f, 'cuota_cuarentena', 0)),
        metric('ventas', 'ingresos', rows * 20),
        metric('ventas', 'ingresos_categoria', 100 + i, 'Ropa'),
      ])
      .execute();
  }
}

describe.each(DIALECTS)('the anomaly checks on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);
  const result = (run: ValidationRun | null, code: string) => run!.results.find((r) => r.code === code)!;

  async function loadAfter(history: number[]) {
    const { db } = await newDb();
    await insertHistory(db, history);
    // The real load: 20 sales, against a history of about 5,250.
    const { load, validation } = await loadAndValidate(db, { dataDir: writeCleanData(newDir()), asOf: '2024-12-31', origin: 'test' });
    expect(load.status).toBe('ok');
    return { db, validation };
  }

  it('flag a load far below its history, as warnings with the value, range and points used', async () => {
    const { db, validation } = await loadAfter(VENTAS_HISTORY);
    const rows = result(validation, 'anomaly_rows_loaded');
    expect(rows).toMatchObject({ passed: false, severity: 'WARNING', rowsAffected: 5250 - 20, error: null });
    // median 5,250; MAD 50, scaled 74.13; 3.5 of it each side.
    expect(rows.samples).toEqual([
      {
        archivo: 'ventas',
        valor: 20,
        estado: 'anomalia',
        esperado_min: 4990.545,
        esperado_max: 5509.455,
        puntos: 10,
        mensaje: 'ventas loaded 20 rows; expected 4,991–5,509 from the last 10 loads',
      },
    ]);
    // The files whose counts match their history are judged normal.
    expect((rows.details.series as Array<{ archivo: string; estado: string }>).map((s) => [s.archivo, s.estado])).toEqual([
      ['clientes', 'normal'],
      ['inventario', 'normal'],
      ['productos', 'normal'],
      ['ventas', 'anomalia'],
    ]);

    const revenue = result(validation, 'anomaly_revenue');
    expect(revenue.passed).toBe(false);
    expect(revenue.samples.map((s) => s.mensaje)).toEqual([
      'ventas revenue 390; expected 99,811–110,189 from the last 10 loads',
      // Ropa: 11 units at 10.00 in the clean data, 110 in revenue, inside the band of its history (100-109).
    ]);
    expect(result(validation, 'anomaly_quarantine')).toMatchObject({ passed: true });
    expect(validation!.status).toBe('REQUIERE ATENCIÓN');

    // Stored in the validation history like any other check.
    const stored = await db
      .selectFrom('validacion_resultados')
      .select(['codigo', 'severidad', 'aprobado'])
      .where('validacion_id', '=', validation!.id)
      .where('codigo', 'like', 'anomaly_%')
      .orderBy('codigo')
      .execute();
    expect(stored.map((r) => [r.codigo, r.severidad, Number(r.aprobado)])).toEqual([
      ['anomaly_quarantine', 'WARNING', 1],
      ['anomaly_revenue', 'WARNING', 0],
      ['anomaly_rows_loaded', 'WARNING', 0],
    ]);
  });

  it('stay silent, passing with the reason, while the history is shorter than the minimum', async () => {
    const { validation } = await loadAfter(VENTAS_HISTORY.slice(0, 3));
    for (const code of ['anomaly_rows_loaded', 'anomaly_quarantine']) {
      const r = result(validation, code);
      expect(r.passed).toBe(true);
      expect(r.details.reason).toBe('not enough history: fewer than 5 earlier loads with this metric');
    }
    const ventas = (result(validation, 'anomaly_rows_loaded').details.series as Array<{ archivo: string; mensaje: string }>).find(
      (s) => s.archivo === 'ventas',
    );
    expect(ventas?.mensaje).toBe('ventas loaded 20 rows; not judged: 3 comparable loads, 5 needed');
  });

  it('pass on the first load of a database (no history at all)', async () => {
    const { db } = await newDb();
    const { validation } = await loadAndValidate(db, { dataDir: writeCleanData(newDir()), asOf: '2024-12-31', origin: 'test' });
    expect(validation!.results.filter((r) => r.code.startsWith('anomaly_')).map((r) => [r.code, r.passed])).toEqual([
      ['anomaly_rows_loaded', true],
      ['anomaly_quarantine', true],
      ['anomaly_revenue', true],
    ]);
  });

  it('run as a declared check kind in checks.yml, with their own band and severity', async () => {
    const yaml = [
      'tables:',
      '  ventas:',
      '    - name: ventas_cargadas_en_linea',
      '      kind: anomaly',
      '      severity: ERROR',
      '      metric: filas_cargadas',
      '      min_points: 5',
      '      k: 3',
    ].join('\n');
    const checksFile = parseChecks(yaml, 'checks.yml', { builtinCodes: ALL_CHECKS.map((c) => c.code) });
    expect(checksFile.errors).toEqual([]);
    const { db } = await newDb();
    await insertHistory(db, VENTAS_HISTORY);
    const { validation } = await loadAndValidate(db, {
      dataDir: writeCleanData(newDir()),
      asOf: '2024-12-31',
      origin: 'test',
      validationConfig: { ...DEFAULT_VALIDATION_CONFIG, checksFile },
    });
    const declared = result(validation, 'ventas_cargadas_en_linea');
    expect(declared).toMatchObject({ passed: false, severity: 'ERROR', error: null });
    // median 5,250, MAD 50 scaled to 74.13, 3 of it each side: 5,027.6 to 5,472.4.
    expect(declared.samples.map((s) => s.mensaje)).toEqual(['ventas filas_cargadas 20; expected 5,028–5,472 from the last 10 loads']);
  });

  it('refuse a declared anomaly check on a metric that does not exist, naming those that do', () => {
    const yaml = 'tables:\n  ventas:\n    - name: x\n      kind: anomaly\n      severity: WARNING\n      metric: filas_perdidas\n';
    const { errors } = parseChecks(yaml, 'checks.yml', { builtinCodes: ALL_CHECKS.map((c) => c.code) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 6 });
    expect(errors[0]!.message).toContain('unknown metric "filas_perdidas" (metrics: filas_leidas, filas_cargadas,');
  });
});
