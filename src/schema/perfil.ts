// The column profile of a load (GraphQL `perfil`): per column missing and distinct counts, min/max/mean of
// numbers, date range, most frequent text values, each with the previous load's figures to compare.
import type { ColumnProfile, TopValue } from '../profile/column-profile.ts';
import { type LoadProfile, type ProfileWithPrevious, readLoadProfile } from '../profile/read-profile.ts';
import { builder } from './builder.ts';

const ValorFrecuente = builder.objectRef<TopValue>('ValorFrecuente').implement({
  fields: (t) => ({
    valor: t.exposeString('valor', { description: 'The value, cut to 200 characters' }),
    filas: t.exposeInt('filas'),
  }),
});

/** The figures a column shows, in a load and in the previous one (an interface both implement). */
const FigurasColumna = builder.interfaceRef<ColumnProfile>('FigurasColumna').implement({
  fields: (t) => ({
    tabla: t.exposeString('tabla'),
    columna: t.exposeString('columna'),
    tipo: t.exposeString('tipo', { description: 'numero, fecha or texto: which figures apply' }),
    filas: t.exposeInt('filas'),
    faltantes: t.exposeInt('faltantes', { description: 'Missing values: empty text (every profiled column is NOT NULL)' }),
    distintos: t.exposeInt('distintos'),
    minimo: t.exposeFloat('minimo', { nullable: true, description: 'Numbers only' }),
    maximo: t.exposeFloat('maximo', { nullable: true, description: 'Numbers only' }),
    media: t.exposeFloat('media', { nullable: true, description: 'Numbers only, not identifiers' }),
    desde: t.exposeString('desde', { nullable: true, description: 'Dates only: the earliest day' }),
    hasta: t.exposeString('hasta', { nullable: true, description: 'Dates only: the latest day' }),
    frecuentes: t.field({
      type: [ValorFrecuente],
      nullable: true,
      description: 'Text only: up to 5 most frequent values, most frequent first',
      complexity: { field: 1, multiplier: 5 },
      resolve: (p) => p.frecuentes,
    }),
  }),
});

const PerfilColumnaAnterior = builder.objectRef<ColumnProfile>('PerfilColumnaAnterior').implement({
  description: "The same column's figures in the previous profiled load",
  interfaces: [FigurasColumna],
  fields: () => ({}),
});

const PerfilColumna = builder.objectRef<ProfileWithPrevious>('PerfilColumna').implement({
  interfaces: [FigurasColumna],
  fields: (t) => ({
    anterior: t.field({ type: PerfilColumnaAnterior, nullable: true, resolve: (p) => p.anterior }),
  }),
});

const Perfil = builder.objectRef<LoadProfile>('Perfil').implement({
  description: 'Column profile of one load, with the previous profiled load for comparison',
  fields: (t) => ({
    carga_id: t.exposeInt('cargaId'),
    carga_anterior_id: t.exposeInt('cargaAnteriorId', { nullable: true }),
    columnas: t.field({
      type: [PerfilColumna],
      description: 'One per profiled column (about 30), in table order',
      complexity: { field: 1, multiplier: 30 },
      resolve: (p) => p.columnas,
    }),
  }),
});

builder.queryFields((t) => ({
  perfil: t.field({
    type: Perfil,
    nullable: true,
    description: 'Column profile of a successful load (default the latest profiled one); null when it has none',
    args: {
      carga: t.arg.int({ description: 'Load id' }),
      tabla: t.arg.string({ description: 'Only this table (e.g. ventas)' }),
    },
    resolve: (_root, { carga, tabla }, { db }) => readLoadProfile(db, { loadId: carga ?? undefined, table: tabla ?? undefined }),
  }),
}));
