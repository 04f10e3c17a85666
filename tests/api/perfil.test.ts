import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { apiServers, gql } from '../helpers/api-server.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const PERFIL = `query($tabla: String, $carga: Int) {
  perfil(tabla: $tabla, carga: $carga) {
    carga_id carga_anterior_id
    columnas { tabla columna tipo filas faltantes distintos minimo maximo media desde hasta frecuentes { valor filas }
      anterior { filas distintos minimo maximo media hasta } }
  }
}`;

describe.each(DIALECTS)('perfil on %s', (dialect) => {
  const server = apiServers();

  it("serves a load's column profile, and each figure of the previous load next to it", async () => {
    const s = await server({ dialect, dataDir: writeCleanData(newDir()) });
    let { body } = await gql(s.url, PERFIL, { tabla: 'ventas' });
    expect(body.errors).toBeUndefined();
    const first = body.data.perfil;
    expect(first.carga_anterior_id).toBeNull();
    expect(first.columnas.map((c: { columna: string }) => c.columna)).toEqual([
      'venta_id',
      'fecha',
      'producto_id',
      'cliente_id',
      'ciudad_id',
      'cantidad',
      'precio_unitario',
    ]);
    expect(first.columnas.find((c: { columna: string }) => c.columna === 'cantidad')).toEqual({
      tabla: 'ventas',
      columna: 'cantidad',
      tipo: 'numero',
      filas: 20,
      faltantes: 0,
      distintos: 3,
      minimo: 1,
      maximo: 3,
      media: 1.95,
      desde: null,
      hasta: null,
      frecuentes: null,
      anterior: null,
    });

    // A second load of 12 sales: the profile compares with the first.
    const db = openDatabase(s.dbPath);
    try {
      await loadAndValidate(db, { dataDir: writeCleanData(newDir(), {}, 12), asOf: '2025-01-01', origin: 'test' });
    } finally {
      await db.destroy();
    }
    ({ body } = await gql(s.url, PERFIL, { tabla: 'ventas' }));
    expect(body.errors).toBeUndefined();
    expect(body.data.perfil.carga_anterior_id).toBe(first.carga_id);
    expect(body.data.perfil.columnas.find((c: { columna: string }) => c.columna === 'venta_id')).toMatchObject({
      filas: 12,
      maximo: 12,
      anterior: { filas: 20, distintos: 20, maximo: 20, minimo: 1, media: null },
    });
    expect(body.data.perfil.columnas.find((c: { columna: string }) => c.columna === 'fecha')).toMatchObject({
      hasta: '2024-09-15',
      anterior: { hasta: '2024-09-15' },
    });

    // An earlier load by id; a table's text column lists its most frequent values.
    ({ body } = await gql(s.url, PERFIL, { carga: first.carga_id, tabla: 'inventario' }));
    expect(body.data.perfil.carga_id).toBe(first.carga_id);
    expect(body.data.perfil.columnas.find((c: { columna: string }) => c.columna === 'almacen').frecuentes).toEqual([
      { valor: 'Central', filas: 2 },
      { valor: 'Norte', filas: 2 },
    ]);
    // The report page shows the same profile, with the changes since the first load.
    const report = await (await fetch(`${s.url}/`)).text();
    expect(report).toContain(`changes since load #${first.carga_id}</span>`);
    expect(report).toMatch(
      /<tr data-columna="ventas\.venta_id">.*<td class="num" data-value="12">12 <span class="delta down">−8<\/span><\/td>/s,
    );

    // A load with no profile (or none at all) is null, not an error.
    ({ body } = await gql(s.url, PERFIL, { carga: 999 }));
    expect(body).toEqual({ data: { perfil: null } });
  });
});
