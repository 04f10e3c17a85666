import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/etl/errors.ts';
import { inspectFile } from '../../src/etl/inspect-file.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/**
 * Whether this process reads files whatever their permissions (root with CAP_DAC_OVERRIDE): then an
 * unreadable file cannot be made, and its test is skipped unless REQUIRE_PERMISSION_TESTS=1 (.ci/run, which
 * runs as root, runs this file again with those capabilities dropped, so the test runs in CI).
 */
function ignoresPermissions(): boolean {
  const probe = join(newDir(), 'probe');
  writeFileSync(probe, 'x');
  chmodSync(probe, 0o000);
  try {
    readFileSync(probe);
    return true;
  } catch {
    return false;
  }
}
const SKIP_PERMISSIONS = ignoresPermissions() && process.env.REQUIRE_PERMISSION_TESTS !== '1';

function dirWith(name: string, content: string | Buffer): string {
  const dir = newDir();
  writeFileSync(join(dir, name), content);
  return dir;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('inspectFile', () => {
  it('describes a semicolon-separated Windows-1252 spreadsheet export', async () => {
    const dir = dirWith(
      'productos.csv',
      Buffer.from('Producto_ID;Nombre;Categor\xeda;Precio;Notas\r\n1;C\xe1mara;Electr\xf3nicos;1.234,56;\r\n', 'latin1'),
    );
    const i = await inspectFile(dir, 'productos');
    expect(i).toMatchObject({ encoding: 'windows-1252', delimiter: ';', headerCells: 5, ignoredColumns: ['Notas'] });
    expect(i.positions).toEqual({ producto_id: 0, nombre: 1, categoria: 2, precio: 3 });
  });

  it('fails with missing_file naming the file', async () => {
    const err = await inputError(inspectFile(newDir(), 'ventas'));
    expect(err).toMatchObject({ code: 'missing_file', file: 'ventas.csv' });
  });

  it('fails with missing_column naming the file, line and column', async () => {
    const err = await inputError(inspectFile(dirWith('ventas.csv', 'venta_id,fecha,producto_id,cantidad,precio_unitario\n'), 'ventas'));
    expect(err).toMatchObject({ code: 'missing_column', file: 'ventas.csv', line: 1, field: 'cliente_id' });
    expect(err.message).toContain('"cliente_id"');
  });

  it('treats an empty file as having no header: missing_column', async () => {
    const err = await inputError(inspectFile(dirWith('clientes.csv', ''), 'clientes'));
    expect(err).toMatchObject({ code: 'missing_column', file: 'clientes.csv' });
  });

  it('rejects a file with NUL bytes as unreadable, naming the line', async () => {
    const err = await inputError(
      inspectFile(dirWith('inventario.csv', 'fecha,producto_id,almacen,stock\n2024-01-01,1,A,5\n\u0000\n'), 'inventario'),
    );
    expect(err).toMatchObject({ code: 'unreadable_file', file: 'inventario.csv', line: 3 });
  });

  it('rejects a directory in place of the file as unreadable', async () => {
    const dir = newDir();
    mkdirSync(join(dir, 'ventas.csv'));
    expect(await inputError(inspectFile(dir, 'ventas'))).toMatchObject({ code: 'unreadable_file' });
  });

  it.skipIf(SKIP_PERMISSIONS)('rejects a file without read permission as unreadable', async () => {
    const dir = dirWith('ventas.csv', 'x');
    chmodSync(join(dir, 'ventas.csv'), 0o000);
    expect(await inputError(inspectFile(dir, 'ventas'))).toMatchObject({ code: 'unreadable_file' });
  });
});
