// Cleans one productos.csv row: id, name, category spelling and price.
import type { IdLookup } from './id-set.ts';
import { parseDecimal, type NumberOptions } from './parse-number.ts';
import { parseId } from './parse-id.ts';
import { normalizeKey } from '../text/normalize-text.ts';
import { FieldProblems, reject, type RowOutcome } from './row-outcome.ts';

export interface CleanProducto {
  producto_id: number;
  nombre: string;
  /** The category as written (trimmed) and its merge key. */
  categoria: string;
  categoriaKey: string;
  precio: number;
}

export interface ProductosContext {
  numberOptions: NumberOptions;
  seen: IdLookup;
}

export function cleanProducto(
  get: (column: 'producto_id' | 'nombre' | 'categoria' | 'precio') => string,
  ctx: ProductosContext,
): RowOutcome<CleanProducto> {
  const p = new FieldProblems();
  const id = p.take('producto_id', parseId(get('producto_id')));
  const nombre = p.text('nombre', get('nombre'));
  const categoria = p.text('categoria', get('categoria'));
  const precio = p.take('precio', parseDecimal(get('precio'), ctx.numberOptions));
  if (p.rejection) return p.rejection;
  if (precio! < 0)
    return reject('negative_price', 'precio', `precio: negative price ${precio}`, { producto_id: id, nombre, categoria, precio });
  if (ctx.seen.has(id!))
    return reject('duplicate_id', 'producto_id', `producto_id: ${id} already loaded from an earlier line`, {
      producto_id: id,
      nombre,
      categoria,
      precio,
    });
  ctx.seen.add(id!);
  return {
    ok: true,
    row: { producto_id: id!, nombre: nombre!, categoria: categoria!, categoriaKey: normalizeKey(categoria!), precio: precio! },
    findings: [],
  };
}
