// Cleans one clientes.csv row: id, name, e-mail, city spelling and registration date.
import type { IdLookup } from './id-set.ts';
import { parseDate } from './parse-date.ts';
import { parseId } from './parse-id.ts';
import { normalizeKey } from '../text/normalize-text.ts';
import { FieldProblems, reject, type RowOutcome } from './row-outcome.ts';

export interface CleanCliente {
  cliente_id: number;
  nombre: string;
  email: string;
  ciudad: string;
  ciudadKey: string;
  fecha_registro: string;
}

export interface ClientesContext {
  seen: IdLookup;
}

export function cleanCliente(
  get: (column: 'cliente_id' | 'nombre' | 'email' | 'ciudad' | 'fecha_registro') => string,
  ctx: ClientesContext,
): RowOutcome<CleanCliente> {
  const p = new FieldProblems();
  const id = p.take('cliente_id', parseId(get('cliente_id')));
  const nombre = p.text('nombre', get('nombre'));
  const email = p.text('email', get('email'));
  const ciudad = p.text('ciudad', get('ciudad'));
  const fecha = p.take('fecha_registro', parseDate(get('fecha_registro')));
  if (p.rejection) return p.rejection;
  if (ctx.seen.has(id!)) {
    return reject('duplicate_id', 'cliente_id', `cliente_id: ${id} already loaded from an earlier line`, {
      cliente_id: id,
      nombre,
      email,
      ciudad,
      fecha_registro: fecha,
    });
  }
  ctx.seen.add(id!);
  return {
    ok: true,
    row: {
      cliente_id: id!,
      nombre: nombre!,
      email: email!.toLowerCase(),
      ciudad: ciudad!,
      ciudadKey: normalizeKey(ciudad!),
      fecha_registro: fecha!,
    },
    findings: [],
  };
}
