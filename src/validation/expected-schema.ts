// The database structure the code relies on, checked by database_structure. A test keeps it in step
// with the migrations (a freshly migrated database must match it exactly).

export const EXPECTED_TABLES: Record<string, string[]> = {
  cargas: ['id', 'iniciada_en', 'finalizada_en', 'fecha_corte', 'estado', 'directorio', 'error_codigo', 'error_archivo', 'error_mensaje'],
  carga_archivos: ['carga_id', 'archivo', 'leidas', 'cargadas', 'en_cuarentena', 'razones', 'hallazgos', 'columnas_ignoradas', 'codificacion', 'delimitador'],
  categorias: ['id', 'nombre', 'carga_id'],
  ciudades: ['id', 'nombre', 'carga_id'],
  productos: ['producto_id', 'nombre', 'categoria_id', 'precio', 'carga_id', 'linea'],
  clientes: ['cliente_id', 'nombre', 'email', 'ciudad_id', 'fecha_registro', 'carga_id', 'linea'],
  ventas: ['venta_id', 'fecha', 'producto_id', 'cliente_id', 'ciudad_id', 'cantidad', 'precio_unitario', 'carga_id', 'linea'],
  inventario: ['id', 'fecha', 'producto_id', 'almacen', 'stock', 'carga_id', 'linea'],
  cuarentena: ['id', 'carga_id', 'archivo', 'linea', 'contenido', 'razon', 'campo', 'mensaje', 'valores'],
  validaciones: ['id', 'carga_id', 'ejecutada_en', 'fecha_corte', 'estado', 'origen'],
  validacion_resultados: ['id', 'validacion_id', 'codigo', 'severidad', 'aprobado', 'filas_afectadas', 'muestras', 'impacto', 'detalle', 'error'],
  migraciones: ['nombre', 'aplicada_en'],
  resumen_ventas: ['carga_id', 'dimension', 'clave', 'orden', 'unidades', 'ingresos', 'ventas'],
  envios: ['id', 'ejecucion', 'enviado_en', 'bucket', 'clave', 'origen', 'bytes', 'sha256', 'estado', 'intentos', 'duracion_ms'],
  envios_fallidos: ['id', 'creado_en', 'bucket', 'clave', 'origen', 'gzip', 'error', 'intentos', 'resuelto_en'],
  bloqueos: ['nombre', 'token', 'host', 'pid', 'desde', 'vence'],
  monitor_ejecuciones: ['id', 'iniciada_en', 'finalizada_en', 'host', 'pid', 'archivo', 'paso', 'resultado', 'detalle'],
};

export const EXPECTED_INDEXES: string[] = [
  'cargas.cargas_iniciada_idx',
  'clientes.clientes_ciudad_idx',
  'envios.envios_enviado_idx',
  'cuarentena.cuarentena_archivo_razon_idx',
  'inventario.inventario_clave_idx',
  'inventario.inventario_producto_fecha_idx',
  'productos.productos_categoria_idx',
  'validacion_resultados.validacion_resultados_run_idx',
  'validaciones.validaciones_ejecutada_idx',
  'ventas.ventas_cliente_idx',
  'ventas.ventas_fecha_idx',
  'ventas.ventas_producto_idx',
];

export const EXPECTED_FOREIGN_KEYS: string[] = [
  'carga_archivos.carga_id -> cargas.id',
  'categorias.carga_id -> cargas.id',
  'ciudades.carga_id -> cargas.id',
  'clientes.carga_id -> cargas.id',
  'clientes.ciudad_id -> ciudades.id',
  'cuarentena.carga_id -> cargas.id',
  'inventario.carga_id -> cargas.id',
  'inventario.producto_id -> productos.producto_id',
  'productos.carga_id -> cargas.id',
  'productos.categoria_id -> categorias.id',
  'resumen_ventas.carga_id -> cargas.id',
  'validacion_resultados.validacion_id -> validaciones.id',
  'validaciones.carga_id -> cargas.id',
  'ventas.carga_id -> cargas.id',
  'ventas.ciudad_id -> ciudades.id',
  'ventas.producto_id -> productos.producto_id',
];
