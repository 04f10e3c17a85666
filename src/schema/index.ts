// The GraphQL schema: one module per domain registers its types and fields on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import './catalogo.ts';
import './clientes.ts';
import './ventas.ts';
import './inventario.ts';
import './agregados.ts';
import './validacion.ts';
import './cuarentena.ts';
import './cargas.ts';
import './mutations.ts';
import './envios.ts';
import './monitor.ts';
import './perfil.ts';

export const schema = builder.toSchema();

/** Sorted so the committed SDL diffs cleanly. */
export const sortedSchema = lexicographicSortSchema(schema);
