import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { apiServers, gql } from '../helpers/api-server.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  const server = apiServers();
  const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8'));
  const { ventas: V, inventario: I } = manifest.files;

  const PAGE = `query($first: Int, $after: String, $filter: FiltroVentas, $orderBy: OrdenVentas) {
    ventas(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges { cursor node { venta_id fecha cantidad producto { producto_id nombre categoria { nombre } } cliente { cliente_id } ciudad { nombre } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  async function sales(dbPath: string, where: (q: any) => any = (q) => q) {
    const db = openDatabase(dbPath);
    try {
      return await where(db.selectFrom('ventas').selectAll()).orderBy('fecha').orderBy('venta_id').execute();
    } finally {
      await db.destroy();
    }
  }

  describe('categorias and ciudades', () => {
    it.each(['categorias', 'ciudades'] as const)('walks every row of %s by id, two at a time, and counts them', async (table) => {
      const s = await server({ dialect });
      const db = openDatabase(s.dbPath);
      const expected = await db
        .selectFrom(table)
        .select(['id', 'nombre'])
        .orderBy('id')
        .execute()
        .finally(() => db.destroy());
      expect(expected.length).toBeGreaterThan(2);
      const seen: Array<{ id: number; nombre: string }> = [];
      let after: string | null = null;
      for (;;) {
        const { body } = await gql(
          s.url,
          `query($after: String) { ${table}(first: 2, after: $after) { totalCount nodes { id nombre } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(body.errors).toBeUndefined();
        const page = body.data[table];
        expect(page.totalCount).toBe(expected.length);
        seen.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });
  });

  describe('ventas', () => {
    it('walks every sale in date order with cursors, and counts them', async () => {
      const s = await server({ dialect });
      const expected = (await sales(s.dbPath)).map((v: { venta_id: number }) => v.venta_id);
      const seen: number[] = [];
      let after: string | null = null;
      for (;;) {
        const { body } = await gql(s.url, PAGE, { first: 100, after });
        expect(body.errors).toBeUndefined();
        const page = body.data.ventas;
        expect(page.totalCount).toBe(expected.length);
        seen.push(...page.edges.map((e: { node: { venta_id: number } }) => e.node.venta_id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });

    it('walks every sale newest first with cursors, across sales of the same day', async () => {
      const s = await server({ dialect });
      const expected = (await sales(s.dbPath)).map((v: { venta_id: number }) => v.venta_id).reverse();
      const seen: number[] = [];
      let after: string | null = null;
      for (;;) {
        const { body } = await gql(s.url, PAGE, { first: 7, after, orderBy: 'FECHA_DESC' });
        expect(body.errors).toBeUndefined();
        const page = body.data.ventas;
        seen.push(...page.edges.map((e: { node: { venta_id: number } }) => e.node.venta_id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });

    it.runIf(dialect === 'postgres')('resumes after a cursor with an index bound, never a scan of the rows before it', async () => {
      const s = await server({ dialect });
      const first = await gql(s.url, PAGE, { first: 100 });
      const after = first.body.data.ventas.pageInfo.endCursor;
      const [fecha, ventaId] = JSON.parse(Buffer.from(after, 'base64url').toString()).slice(1);
      const db = openDatabase(s.dbPath);
      try {
        // The page query the resolver sends (its text captured below), planned with the cursor's values.
        s.statements.length = 0;
        await gql(s.url, PAGE, { first: 100, after });
        const page = s.statements.find((q) => /from "ventas"/i.test(q) && /order by/i.test(q))!;
        expect(page).toMatch(/\("fecha", "venta_id"\) > \(\$1, \$2\)/);
        const plan = await sql
          .raw<{ 'QUERY PLAN': unknown }>(
            `explain (format json) ${page.replace('$1', `'${fecha}'`).replace('$2', String(ventaId)).replace('$3', '101')}`,
          )
          .execute(db);
        const text = JSON.stringify(plan.rows);
        expect(text).toContain('"Index Name":"ventas_fecha_idx"');
        expect(text).toContain('"Index Cond"');
        expect(text).not.toMatch(/"Node Type":"(Incremental )?Sort"/);
      } finally {
        await db.destroy();
      }
    });

    it('filters by category and city ignoring case and accents, and by date range', async () => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, PAGE, {
        first: 100,
        filter: { categoria: ' electrónicos ', fechaDesde: '2024-03-01', fechaHasta: '2024-03-31' },
      });
      expect(body.errors).toBeUndefined();
      const nodes = body.data.ventas.edges.map((e: { node: any }) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(n.producto.categoria.nombre).toBe('Electronicos');
        expect(n.fecha >= '2024-03-01' && n.fecha <= '2024-03-31').toBe(true);
      }
      const db = openDatabase(s.dbPath);
      const { n } = await db
        .selectFrom('ventas as v')
        .innerJoin('productos as p', 'p.producto_id', 'v.producto_id')
        .innerJoin('categorias as c', 'c.id', 'p.categoria_id')
        .where('c.nombre', '=', 'Electronicos')
        .where('v.fecha', '>=', '2024-03-01')
        .where('v.fecha', '<=', '2024-03-31')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await db.destroy();
      expect(body.data.ventas.totalCount).toBe(Number(n));
    });

    it('gives sales of unknown clients a null client and the city ciudad_desconocida', async () => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, PAGE, { first: 100, filter: { ciudad: 'ciudad_desconocida' } });
      const nodes = body.data.ventas.edges.map((e: { node: any }) => e.node);
      expect(body.data.ventas.totalCount).toBe(V.findings.unknown_client);
      expect(nodes.every((n: any) => n.cliente === null && n.ciudad.nombre === 'ciudad_desconocida')).toBe(true);
    });

    it('orders newest first on request', async () => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, PAGE, { first: 5, orderBy: 'FECHA_DESC' });
      const dates = body.data.ventas.edges.map((e: { node: { fecha: string } }) => e.node.fecha);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it('costs a fixed number of SQL statements per page, whatever its size (nested fields are batched)', async () => {
      const s = await server({ dialect });
      const count = async (first: number) => {
        s.statements.length = 0;
        const { body } = await gql(s.url, PAGE, { first });
        expect(body.data.ventas.edges).toHaveLength(first);
        // The latest load's id (read for the per-load row cache, at most every 250 ms) is not part of the page.
        return s.statements.filter((q) => !/from "cargas"/i.test(q)).length;
      };
      // Nested rows already read for the load are not read again (src/api/load-cache.ts), so a later page may cost less.
      const ten = await count(10);
      const hundred = await count(100);
      expect(ten).toBeLessThanOrEqual(6); // page, count, productos, categorias, clientes, ciudades
      expect(hundred).toBeLessThanOrEqual(6);
    });

    it.each([0, -1, 101, 1_000_000])('refuses a page size of %i', async (first) => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, PAGE, { first });
      expect(body.errors?.[0]).toMatchObject({
        message: `first must be between 1 and 100, got ${first}`,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('refuses a date that does not exist in the ventas and inventario filters, as a variable or written inline', async () => {
      const s = await server({ dialect });
      for (const filter of [{ fechaDesde: '2024-02-30' }, { fechaHasta: '2023-02-29' }, { fechaDesde: '2024-3-1' }]) {
        const { body } = await gql(s.url, PAGE, { filter });
        expect(body.data ?? null).toBeNull();
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      for (const query of [
        '{ inventario(filter: { fechaDesde: "2024-02-30" }) { totalCount } }',
        '{ ventas(filter: { fechaHasta: "2024-04-31" }) { totalCount } }',
      ]) {
        const { body } = await gql(s.url, query);
        expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('YYYY-MM-DD'), extensions: { code: 'BAD_USER_INPUT' } });
      }
      const leap = await gql(s.url, '{ inventario(filter: { fechaDesde: "2024-02-29", fechaHasta: "2024-02-29" }) { totalCount } }');
      expect(leap.body.errors).toBeUndefined();
    });

    it('refuses a forged cursor', async () => {
      const s = await server({ dialect });
      const { body } = await gql(s.url, PAGE, { after: Buffer.from('["ventas:FECHA_ASC","x"]').toString('base64url') });
      expect(body.errors?.[0]).toMatchObject({ message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    });
  });

  describe('the rest of the schema', () => {
    it('serves products, categories, clients and the summaries', async () => {
      const s = await server({ dialect });
      const { body } = await gql(
        s.url,
        `{ categorias { nodes { nombre productos { nodes { producto_id } } } } productos(categoria: "ropa") { nodes { nombre } } cliente(cliente_id: 7) { cliente_id ciudad { nombre } }
           resumenPorCategoria { clave unidades } resumenPorCiudad { clave ventas } resumenPorMes { clave unidades } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.categorias.nodes.map((c: { nombre: string }) => c.nombre).sort()).toEqual([
        'Accesorios',
        'Almacenamiento',
        'Electronicos',
        'Ropa',
      ]);
      expect(body.data.categorias.nodes.flatMap((c: any) => c.productos.nodes)).toHaveLength(10);
      expect(Object.fromEntries(body.data.resumenPorCategoria.map((r: any) => [r.clave, r.unidades]))).toEqual(manifest.categorySummary);
      expect(body.data.resumenPorMes.map((r: any) => r.clave)).toContain('2024-02');
    });

    it('serves the latest validation with its failed results, samples and impact', async () => {
      const s = await server({ dialect });
      const { body } = await gql(
        s.url,
        `{ validacion { id estado resultados(soloFallidos: true) { codigo severidad aprobado filas_afectadas muestras impacto { unidades ingresos } detalle runbook } }
           validaciones { id origen } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.validacion.estado).toBe('ERROR');
      const unknown = body.data.validacion.resultados.find((r: any) => r.codigo === 'unknown_products');
      expect(unknown).toMatchObject({
        severidad: 'ERROR',
        aprobado: false,
        filas_afectadas: V.reasons.unknown_product + I.reasons.unknown_product,
        detalle: { missingProductIds: manifest.missingProductIds },
        runbook: 'docs/runbooks/unknown_products.md',
      });
      expect(unknown.muestras).toHaveLength(10);
      expect(unknown.impacto.unidades).toBeGreaterThan(0);
      expect(body.data.validaciones).toEqual([{ id: body.data.validacion.id, origen: 'test' }]);
    });

    it('pages the quarantine filtered by file and reason, with the raw line', async () => {
      const s = await server({ dialect });
      const { body } = await gql(
        s.url,
        `{ cuarentena(archivo: "ventas.csv", razon: "duplicate_id", first: 5) { totalCount nodes { archivo linea contenido razon campo mensaje } pageInfo { hasNextPage } } }`,
      );
      expect(body.data.cuarentena.totalCount).toBe(V.reasons.duplicate_id);
      expect(body.data.cuarentena.nodes[0]).toMatchObject({ archivo: 'ventas.csv', razon: 'duplicate_id', campo: 'venta_id' });
      expect(body.data.cuarentena.pageInfo.hasNextPage).toBe(true);
    });

    it('pages inventory with filters, and lists loads with their per-file counts', async () => {
      const s = await server({ dialect });
      const { body } = await gql(
        s.url,
        `{ inventario(filter: { soloNegativo: true }, first: 3) { totalCount nodes { stock almacen producto { nombre } } }
           cargas { id estado archivos { archivo leidas cargadas en_cuarentena razones } } }`,
      );
      expect(body.data.inventario.totalCount).toBe(I.findings.negative_stock);
      expect(body.data.inventario.nodes.every((n: any) => n.stock < 0)).toBe(true);
      expect(body.data.cargas[0].archivos.find((a: any) => a.archivo === 'ventas')).toMatchObject({
        leidas: V.read,
        cargadas: V.loaded,
        en_cuarentena: V.quarantined,
      });
    });
  });
});
