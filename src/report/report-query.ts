// The GraphQL documents the report page is built from, and the shapes of their results.
// The page asks the public API exactly what any client would; these documents are its contract.

export const REPORT_QUERY = /* GraphQL */ `
  query Informe {
    cargas(first: 1) {
      id estado fecha_corte iniciada_en finalizada_en error_archivo error_codigo error_mensaje
      archivos { archivo leidas cargadas en_cuarentena razones codificacion delimitador }
    }
    validacion {
      id estado ejecutada_en fecha_corte origen carga_id
      resultados { codigo descripcion severidad aprobado filas_afectadas impacto { unidades ingresos } runbook error }
    }
    validaciones(first: 30) {
      id estado ejecutada_en origen fecha_corte
      resultados(soloFallidos: true) { codigo severidad }
    }
    resumenPorCategoria { clave unidades ingresos ventas }
    resumenPorCiudad { clave unidades ingresos ventas }
    resumenPorMes { clave unidades ingresos ventas }
    perfil {
      carga_id carga_anterior_id
      columnas { tabla columna tipo filas faltantes distintos minimo maximo media desde hasta frecuentes { valor filas }
        anterior { tabla columna tipo filas faltantes distintos minimo maximo media desde hasta } }
    }
  }
`;

export const QUARANTINE_QUERY = /* GraphQL */ `
  query Cuarentena($archivo: String, $razon: String, $first: Int, $after: String) {
    cuarentena(archivo: $archivo, razon: $razon, first: $first, after: $after) {
      totalCount
      nodes { id archivo linea razon campo mensaje }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** What a runbook page shows of its check: the result in the latest validation run. */
export const RUNBOOK_QUERY = /* GraphQL */ `
  query Runbook {
    validacion {
      id ejecutada_en
      resultados { codigo severidad aprobado filas_afectadas impacto { unidades ingresos } muestras error tipo runbook_texto }
    }
  }
`;

export interface RunbookLatest {
  run: { id: number; ejecutada_en: string };
  result: Pick<ReportCheck, 'codigo' | 'severidad' | 'aprobado' | 'filas_afectadas' | 'impacto' | 'error'> & {
    muestras: unknown;
    /** Set for a check declared in the checks file, with the Markdown runbook it writes there (if any). */
    tipo?: string | null;
    runbook_texto?: string | null;
  };
}

export interface ReportFile {
  archivo: string;
  leidas: number;
  cargadas: number;
  en_cuarentena: number;
  razones: Record<string, number>;
  codificacion: string;
  delimitador: string;
}

export interface ReportLoad {
  id: number;
  estado: string;
  fecha_corte: string;
  iniciada_en: string;
  finalizada_en: string | null;
  error_archivo: string | null;
  error_codigo: string | null;
  error_mensaje: string | null;
  archivos: ReportFile[];
}

export interface ReportCheck {
  codigo: string;
  descripcion: string;
  severidad: string;
  aprobado: boolean;
  filas_afectadas: number;
  impacto: { unidades: number; ingresos: number } | null;
  runbook: string;
  error: string | null;
}

export interface ReportValidation {
  id: number;
  estado: string;
  ejecutada_en: string;
  fecha_corte: string;
  origen: string;
  carga_id: number | null;
  resultados: ReportCheck[];
}

export interface ReportHistoryRun {
  id: number;
  estado: string;
  ejecutada_en: string;
  origen: string;
  fecha_corte: string;
  resultados: Array<{ codigo: string; severidad: string }>;
}

export interface SummaryRow {
  clave: string;
  unidades: number;
  ingresos: number;
  ventas: number;
}

export interface ReportProfileFigures {
  tabla: string;
  columna: string;
  tipo: string;
  filas: number;
  faltantes: number;
  distintos: number;
  minimo: number | null;
  maximo: number | null;
  media: number | null;
  desde: string | null;
  hasta: string | null;
}

export interface ReportProfileColumn extends ReportProfileFigures {
  frecuentes: Array<{ valor: string; filas: number }> | null;
  anterior: ReportProfileFigures | null;
}

export interface ReportProfile {
  carga_id: number;
  carga_anterior_id: number | null;
  columnas: ReportProfileColumn[];
}

export interface ReportData {
  cargas: ReportLoad[];
  validacion: ReportValidation | null;
  validaciones: ReportHistoryRun[];
  resumenPorCategoria: SummaryRow[];
  resumenPorCiudad: SummaryRow[];
  resumenPorMes: SummaryRow[];
  /** The latest load's column profile; absent from answers built before profiles existed (tests). */
  perfil?: ReportProfile | null;
}

/** A quarantined row as the API answers it; the raw line is not asked for (see raw-lines.ts). */
export interface QuarantineNode {
  id: number;
  archivo: string;
  linea: number;
  razon: string;
  campo: string | null;
  mensaje: string;
}

/** A row as the page shows it: the API's fields and its raw line (or its first characters). */
export interface QuarantineRow extends QuarantineNode {
  contenido: string;
  /** The whole raw line's length in UTF-8 bytes when `contenido` is only its beginning. */
  contenido_bytes?: number | null;
}

export interface QuarantinePage<Row = QuarantineRow> {
  totalCount: number;
  nodes: Row[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface QuarantineFilter {
  archivo?: string;
  razon?: string;
  after?: string;
}

export const QUARANTINE_PAGE_SIZE = 25;
