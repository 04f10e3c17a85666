// A small, clean data set written to a folder, with optional extra lines per file to trip one check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExtraLines {
  productos?: string[];
  clientes?: string[];
  ventas?: string[];
  inventario?: string[];
}

/** 4 products, 3 clients, 20 sales (by default), 4 stock rows, all dated 2024 and valid. */
export function writeCleanData(dir: string, extra: ExtraLines = {}, sales = 20): string {
  const file = (name: string, header: string, rows: string[], more: string[] = []) =>
    writeFileSync(join(dir, name), [header, ...rows, ...more].join('\n') + '\n');
  file(
    'productos.csv',
    'producto_id,nombre,categoria,precio',
    ['1,Laptop,Electronicos,1000.00', '2,Camisa,Ropa,20.00', '3,Funda,Accesorios,5.50', '4,Disco,Almacenamiento,80.00'],
    extra.productos,
  );
  file(
    'clientes.csv',
    'cliente_id,nombre,email,ciudad,fecha_registro',
    ['1,Ana,ana@x.com,Madrid,2023-01-01', '2,Luis,luis@x.com,Bogota,2023-02-01', '3,Eva,eva@x.com,Lima,2023-03-01'],
    extra.clientes,
  );
  file(
    'ventas.csv',
    'venta_id,fecha,producto_id,cliente_id,cantidad,precio_unitario',
    Array.from({ length: sales }, (_, i) => `${i + 1},2024-0${(i % 9) + 1}-15,${(i % 4) + 1},${(i % 3) + 1},${(i % 3) + 1},10.00`),
    extra.ventas,
  );
  file(
    'inventario.csv',
    'fecha,producto_id,almacen,stock',
    ['2024-01-31,1,Central,10', '2024-01-31,2,Central,5', '2024-01-31,3,Norte,7', '2024-01-31,4,Norte,0'],
    extra.inventario,
  );
  return dir;
}
