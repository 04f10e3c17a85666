// Checks over the load history: freshness, quarantine rate per file, and row counts against the previous load.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';
import type { Check, CheckFinding } from '../types.ts';

async function successfulLoads(db: Kysely<Database>, limit: number) {
  return db.selectFrom('cargas').selectAll().where('estado', '=', 'ok').orderBy('id', 'desc').limit(limit).execute();
}

async function fileCounts(db: Kysely<Database>, loadId: number) {
  const rows = await db.selectFrom('carga_archivos').selectAll().where('carga_id', '=', loadId).execute();
  return new Map(rows.map((r) => [r.archivo, r]));
}

export const loadFreshness: Check = {
  code: 'load_freshness',
  severity: 'WARNING',
  description: 'The last successful load is recent enough',
  async run(ctx): Promise<CheckFinding> {
    const [last] = await successfulLoads(ctx.db, 1);
    if (!last)
      return { passed: false, rowsAffected: 0, samples: [], impact: null, details: { lastLoadId: null, reason: 'no successful load' } };
    const at = last.finalizada_en ?? last.iniciada_en;
    const ageHours = (ctx.now.getTime() - Date.parse(at)) / 3_600_000;
    const passed = ageHours <= ctx.config.maxLoadAgeHours;
    return {
      passed,
      rowsAffected: 0,
      samples: passed ? [] : [{ carga_id: last.id, finalizada_en: at }],
      impact: null,
      details: {
        lastLoadId: last.id,
        lastLoadAt: at,
        ageHours: Math.round(ageHours * 100) / 100,
        maxLoadAgeHours: ctx.config.maxLoadAgeHours,
      },
    };
  },
};

export const quarantineRate: Check = {
  code: 'quarantine_rate',
  severity: 'ERROR',
  description: 'No file has more than the configured share of its rows quarantined',
  async run(ctx): Promise<CheckFinding> {
    const [last] = await successfulLoads(ctx.db, 1);
    if (!last) return { passed: true, rowsAffected: 0, samples: [], impact: null, details: { lastLoadId: null } };
    const files: Record<string, { read: number; quarantined: number; share: number; failed: boolean }> = {};
    let affected = 0;
    for (const [file, c] of await fileCounts(ctx.db, last.id)) {
      const share = c.leidas === 0 ? 0 : c.en_cuarentena / c.leidas;
      const failed = share > ctx.config.maxQuarantineShare;
      files[file] = { read: c.leidas, quarantined: c.en_cuarentena, share: Math.round(share * 10_000) / 10_000, failed };
      if (failed) affected += c.en_cuarentena;
    }
    const failing = Object.entries(files).filter(([, f]) => f.failed);
    return {
      passed: failing.length === 0,
      rowsAffected: affected,
      samples: failing.map(([archivo, f]) => ({ archivo, ...f })),
      impact: null,
      details: { lastLoadId: last.id, maxQuarantineShare: ctx.config.maxQuarantineShare, files },
    };
  },
};

export const rowCountDrop: Check = {
  code: 'row_count_drop',
  severity: 'CRITICAL',
  description: 'No file loaded 0 rows, or fewer than the configured share of the previous load (unless accepted with --allow-drop)',
  async run(ctx): Promise<CheckFinding> {
    const [last, previous] = await successfulLoads(ctx.db, 2);
    if (!last)
      return { passed: false, rowsAffected: 0, samples: [{ reason: 'no successful load' }], impact: null, details: { lastLoadId: null } };
    const current = await fileCounts(ctx.db, last.id);
    const before = previous ? await fileCounts(ctx.db, previous.id) : new Map();
    const files: Record<string, { loaded: number; previous: number | null; failed: boolean; accepted?: true }> = {};
    // A drop accepted on purpose when loading (`--allow-drop`) is reported, not failed: someone already chose it.
    const accepted = Number(last.caida_permitida) === 1;
    let lost = 0;
    for (const [file, c] of current) {
      const prev = (before.get(file)?.cargadas as number | undefined) ?? null;
      const dropped = c.cargadas === 0 || (prev !== null && c.cargadas < prev * ctx.config.minRowShareOfPrevious);
      const failed = dropped && !accepted;
      files[file] = { loaded: c.cargadas, previous: prev, failed, ...(dropped && accepted ? { accepted: true as const } : {}) };
      if (failed) lost += Math.max((prev ?? 0) - c.cargadas, 0);
    }
    const failing = Object.entries(files).filter(([, f]) => f.failed);
    return {
      passed: failing.length === 0,
      rowsAffected: lost,
      samples: failing.map(([archivo, f]) => ({ archivo, ...f })),
      impact: null,
      details: {
        lastLoadId: last.id,
        previousLoadId: previous?.id ?? null,
        minRowShareOfPrevious: ctx.config.minRowShareOfPrevious,
        files,
      },
    };
  },
};
