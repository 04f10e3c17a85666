// Kysely table types: the one source of the database's shape in TypeScript.
import type { ColumnType, Generated, Selectable } from 'kysely';

/** ISO date `YYYY-MM-DD`, stored as text so both engines return the same string. */
export type IsoDate = string;

export interface CargasTable {
  id: Generated<number>;
  iniciada_en: string;
  finalizada_en: string | null;
  fecha_corte: IsoDate;
  /** `interrumpida`: its process died or was stopped by a signal; the load was rolled back. */
  estado: CargaEstado;
  directorio: string;
  error_codigo: string | null;
  error_archivo: string | null;
  error_mensaje: string | null;
  /** Who runs the load (null for loads recorded before migration 0008). */
  host: string | null;
  pid: number | null;
  /** 1 when a row-count drop under the configured share was accepted on purpose (`--allow-drop`). */
  caida_permitida: ColumnType<number, number | undefined, number>;
}

export type CargaEstado = 'en_curso' | 'ok' | 'error' | 'interrumpida';

export interface CargaArchivosTable {
  carga_id: number;
  archivo: string;
  leidas: number;
  cargadas: number;
  en_cuarentena: number;
  /** JSON object reason code -> rows. */
  razones: string;
  /** JSON object finding code -> rows. */
  hallazgos: string;
  /** JSON array of ignored header names. */
  columnas_ignoradas: string;
  codificacion: string;
  delimitador: string;
  /** JSON object column -> 0-based header position, as the load read the file; null before migration 0010. */
  posiciones: ColumnType<string | null, string | null | undefined, string | null>;
  /** The lone-separator rule the load parsed numbers with; null before migration 0010. */
  separador_suelto: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CategoriasTable {
  id: number;
  nombre: string;
  carga_id: number;
}

export interface CiudadesTable {
  id: number;
  nombre: string;
  carga_id: number;
}

export interface ProductosTable {
  producto_id: number;
  nombre: string;
  categoria_id: number;
  precio: number;
  carga_id: number;
  linea: number;
}

export interface ClientesTable {
  cliente_id: number;
  nombre: string;
  email: string;
  ciudad_id: number;
  fecha_registro: IsoDate;
  carga_id: number;
  linea: number;
}

export interface VentasTable {
  venta_id: number;
  fecha: IsoDate;
  producto_id: number;
  /** Not a foreign key: sales of unknown clients are kept (finding `unknown_client`). */
  cliente_id: number;
  ciudad_id: number;
  cantidad: number;
  precio_unitario: number;
  carga_id: number;
  linea: number;
}

export interface InventarioTable {
  id: Generated<number>;
  fecha: IsoDate;
  producto_id: number;
  almacen: string;
  stock: number;
  carga_id: number;
  linea: number;
}

export interface CuarentenaTable {
  id: Generated<number>;
  carga_id: number;
  archivo: string;
  linea: number;
  contenido: string;
  razon: string;
  campo: string | null;
  mensaje: string;
  /**
   * JSON of the row's parsed fields, as loads before migration 0010 stored them; later loads leave it null
   * (unset) and the values are rebuilt from `contenido` when read (src/etl/replay-rejection.ts).
   */
  valores: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when `contenido` is only the first bytes of a longer record: the whole record's UTF-8 length. */
  contenido_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  /** SHA-256 (hex) of the whole record, set with contenido_bytes. */
  contenido_sha256: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Per-load tallies of the quarantine by file and reason (history: kept for every load). */
export interface CuarentenaResumenTable {
  carga_id: number;
  archivo: string;
  razon: string;
  filas: number;
  /** Units (sum of cantidad) of the quarantined sales whose quantity and price parsed; null for other files. */
  unidades: number | null;
  /** Revenue (sum of cantidad * precio_unitario) of those sales; null for other files. */
  ingresos: number | null;
  /** JSON array of up to 100 distinct product ids of `unknown_product` rows, ascending; null for other reasons. */
  productos: string | null;
  /** How many distinct product ids the `unknown_product` rows name; null for other reasons. */
  productos_distintos: number | null;
}

export interface ValidacionesTable {
  id: Generated<number>;
  carga_id: number | null;
  ejecutada_en: string;
  fecha_corte: IsoDate;
  estado: string;
  origen: string;
}

export interface ValidacionResultadosTable {
  id: Generated<number>;
  validacion_id: number;
  codigo: string;
  severidad: string;
  /** 1 passed, 0 failed (an integer on both engines). */
  aprobado: number;
  filas_afectadas: number;
  /** JSON array of up to 10 sample rows. */
  muestras: string;
  /** JSON {unidades, ingresos} or null. */
  impacto: string | null;
  /** JSON object with check-specific details. */
  detalle: string;
  error: string | null;
}

export interface MigracionesTable {
  nombre: string;
  aplicada_en: ColumnType<string, string, never>;
}

/**
 * `dia` rows are the latest 366 days with sales only (the load's per-day metrics read them); `producto` rows
 * every product with sales; `cliente` rows the 100 clients with the most revenue (what checks read).
 */
export type ResumenDimension = 'categoria' | 'ciudad' | 'mes' | 'dia' | 'producto' | 'cliente';

export interface ResumenVentasTable {
  carga_id: number;
  dimension: ResumenDimension;
  /** Category name, city name, month `YYYY-MM`, day `YYYY-MM-DD`, or a product's or client's id. */
  clave: string;
  /** Display order within the dimension (category, city and product ids, months and days in calendar order, clients by rank). */
  orden: number;
  unidades: number;
  ingresos: number;
  ventas: number;
}

/** Per warehouse spelling as loaded (`Central`, `CENTRAL` apart): the latest load's stock rows and dates. */
export interface ResumenInventarioTable {
  carga_id: number;
  almacen: string;
  filas: number;
  desde: IsoDate;
  hasta: IsoDate;
}

/** Per numeric column of ventas and inventario: what the load's file worker counted of the rows it loaded. */
export interface ResumenColumnasTable {
  carga_id: number;
  tabla: 'ventas' | 'inventario';
  columna: string;
  filas: number;
  /** Null when the column had more distinct values than the worker counts (number-stats.ts). */
  distintos: number | null;
  minimo: number | null;
  maximo: number | null;
  suma: number | null;
}

export interface EnviosTable {
  id: Generated<number>;
  /** Id of the upload run (a UUID) the object belongs to. */
  ejecucion: string;
  enviado_en: string;
  bucket: string;
  clave: string;
  /** What was sent: `raw:ventas.csv`, `clean:ventas`. */
  origen: string;
  bytes: number;
  sha256: string;
  estado: 'uploaded' | 'skipped' | 'failed';
  intentos: number;
  duracion_ms: number;
}

export interface EnviosFallidosTable {
  id: Generated<number>;
  creado_en: string;
  bucket: string;
  clave: string;
  origen: string;
  /** 1 when the object was to be gzipped. */
  gzip: number;
  error: string;
  intentos: number;
  resuelto_en: string | null;
}

export interface BloqueosTable {
  nombre: string;
  /** Random per holder: renewals and releases only touch a lease the caller still owns. */
  token: string;
  host: string;
  pid: number;
  desde: string;
  /** Lease expiry (ISO time); past it, any run may take the lock over. */
  vence: string;
}

export interface MonitorEjecucionesTable {
  id: Generated<number>;
  iniciada_en: string;
  finalizada_en: string | null;
  host: string;
  pid: number;
  archivo: string;
  /** The last step reached: lock, check, load, validate, send, done. */
  paso: string;
  /** running, sent, locked, missing_file, unreadable_file, stale_file, load_failed, validation_failed, send_failed, interrupted, error. */
  resultado: string;
  detalle: string | null;
}

export interface AlertasTable {
  id: Generated<number>;
  /** Correlation key: the cause (check and source), grouping the alerts of one cause into one message. */
  clave: string;
  codigo: string;
  /** Which job raised it: validation, upload, monitor, breaker. */
  fuente: string;
  severidad: string;
  estado: 'firing' | 'resolved';
  mensaje: string;
  filas: number;
  impacto: string | null;
  runbook: string | null;
  /** The run that last raised it (validation run id, upload run id, monitor run id). */
  ejecucion: string | null;
  carga_id: number | null;
  primera_vez: string;
  ultima_vez: string;
  ultima_notificacion: string | null;
  resuelta_en: string | null;
}

export interface NotificacionesTable {
  id: Generated<number>;
  alerta_id: number | null;
  canal: string;
  /** trigger, resolve or escalation. */
  tipo: string;
  severidad: string;
  /** sent or failed (after the retries). */
  estado: string;
  intentos: number;
  error: string | null;
  enviada_en: string;
}

export interface InterruptoresTable {
  /** The job: load, upload, monitor. */
  trabajo: string;
  estado: 'closed' | 'open';
  fallos_seguidos: number;
  abierto_en: string | null;
  actualizado_en: string;
}

/** Per-load metrics of one file (history: kept for every load; read by the anomaly checks). */
export interface MetricasCargaTable {
  carga_id: number;
  /** The file's table: ventas, inventario, productos, clientes. */
  archivo: string;
  metrica: MetricaCarga;
  /** A day (YYYY-MM-DD) for the `_dia` metrics, a category name for the `_categoria` ones, else ''. */
  clave: string;
  valor: number;
}

/** The metrics every load stores (per file unless the name says otherwise; the sales ones for ventas only). */
export const METRICAS_CARGA = [
  'filas_leidas',
  'filas_cargadas',
  'filas_cuarentena',
  'cuota_cuarentena',
  'unidades',
  'ingresos',
  'unidades_dia',
  'ingresos_dia',
  'unidades_categoria',
  'ingresos_categoria',
  'clientes_distintos',
] as const;
export type MetricaCarga = (typeof METRICAS_CARGA)[number];

export type TipoColumna = 'numero' | 'fecha' | 'texto';

/** Per-load profile of one column of a loaded table (history: kept for every load). */
export interface PerfilesColumnaTable {
  carga_id: number;
  tabla: string;
  columna: string;
  tipo: TipoColumna;
  filas: number;
  /** Null values, and empty text for text columns. */
  faltantes: number;
  distintos: number;
  /** Numbers only. */
  minimo: number | null;
  maximo: number | null;
  media: number | null;
  /** Dates only (YYYY-MM-DD). */
  desde: string | null;
  hasta: string | null;
  /** Text only: JSON array of up to 5 {valor, filas}, most frequent first. */
  frecuentes: string | null;
}

export interface Database {
  cargas: CargasTable;
  carga_archivos: CargaArchivosTable;
  categorias: CategoriasTable;
  ciudades: CiudadesTable;
  productos: ProductosTable;
  clientes: ClientesTable;
  ventas: VentasTable;
  inventario: InventarioTable;
  cuarentena: CuarentenaTable;
  cuarentena_resumen: CuarentenaResumenTable;
  migraciones: MigracionesTable;
  validaciones: ValidacionesTable;
  validacion_resultados: ValidacionResultadosTable;
  resumen_ventas: ResumenVentasTable;
  resumen_inventario: ResumenInventarioTable;
  resumen_columnas: ResumenColumnasTable;
  envios: EnviosTable;
  envios_fallidos: EnviosFallidosTable;
  bloqueos: BloqueosTable;
  monitor_ejecuciones: MonitorEjecucionesTable;
  alertas: AlertasTable;
  notificaciones: NotificacionesTable;
  interruptores: InterruptoresTable;
  metricas_carga: MetricasCargaTable;
  perfiles_columna: PerfilesColumnaTable;
}

export type Carga = Selectable<CargasTable>;
