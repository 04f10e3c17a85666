// A truncated export must never replace good data: inside the load's transaction, once every file's
// counts are known, a file that loaded under a share of what the previous successful load loaded from it
// is refused (the transaction rolls back), unless the drop was accepted on purpose.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { InputError } from './errors.ts';
import type { FileReport } from './file-counters.ts';
import { FILE_ORDER, FILE_SPECS, type FileKey } from '../data-files.ts';

export interface RowCountGuard {
  /** Share (0..1) of the previous successful load's loaded rows a file must reach (validation's minRowShareOfPrevious). */
  minShareOfPrevious: number;
  /** Accept a drop deliberately (`--allow-drop`): the load is kept and marked as such. */
  allowDrop: boolean;
}

export interface RowCountDrop {
  file: string;
  loaded: number;
  previous: number;
}

/** The files of this load that fell under the share of the previous successful load (none on a first load). */
export async function findRowCountDrops(
  trx: Kysely<Database>,
  loadId: number,
  files: Record<FileKey, FileReport>,
  minShare: number,
): Promise<{ previousLoadId: number | null; drops: RowCountDrop[] }> {
  // This load already reads `ok` inside its own transaction: the previous one is the latest other.
  const previous = await trx
    .selectFrom('cargas')
    .select('id')
    .where('estado', '=', 'ok')
    .where('id', '!=', loadId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!previous) return { previousLoadId: null, drops: [] };
  const counts = await trx.selectFrom('carga_archivos').select(['archivo', 'cargadas']).where('carga_id', '=', previous.id).execute();
  const before = new Map(counts.map((c) => [c.archivo, Number(c.cargadas)]));
  const drops: RowCountDrop[] = [];
  for (const key of FILE_ORDER) {
    const prev = before.get(key);
    if (prev !== undefined && files[key].loaded < prev * minShare)
      drops.push({ file: FILE_SPECS[key].fileName, loaded: files[key].loaded, previous: prev });
  }
  return { previousLoadId: previous.id, drops };
}

/** Throws `row_count_drop` (bad input: the load is refused) unless the drop is allowed, which is recorded. */
export async function guardRowCounts(
  trx: Kysely<Database>,
  loadId: number,
  files: Record<FileKey, FileReport>,
  guard: RowCountGuard,
): Promise<void> {
  const { previousLoadId, drops } = await findRowCountDrops(trx, loadId, files, guard.minShareOfPrevious);
  if (drops.length === 0) return;
  if (guard.allowDrop) {
    await trx.updateTable('cargas').set({ caida_permitida: 1 }).where('id', '=', loadId).execute();
    return;
  }
  const percent = `${Math.round(guard.minShareOfPrevious * 100)}%`;
  const what = drops
    .map((d) => `${d.file} loaded ${d.loaded} rows, under ${percent} of the ${d.previous} loaded by load #${previousLoadId}`)
    .join('; ');
  throw new InputError(
    'row_count_drop',
    `${what}: refused as a likely truncated export, the previous load is kept. If the drop is expected, load again with --allow-drop (GraphQL: reload(allowDrop: true))`,
    { file: drops[0]!.file, details: { previousLoadId, minRowShareOfPrevious: guard.minShareOfPrevious, files: drops } },
  );
}
