// The monitor's own check of the file it watches: there, a readable file, and modified recently enough.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { type MaxAge, isFresh } from './freshness.ts';

export type FileCheck = { ok: true } | { ok: false; outcome: 'missing_file' | 'unreadable_file' | 'stale_file'; message: string };

export async function checkFile(file: string, maxAge: MaxAge, now: Date): Promise<FileCheck> {
  const info = await stat(file).catch(() => null);
  if (!info) return { ok: false, outcome: 'missing_file', message: `${file} does not exist` };
  const readable =
    info.isFile() &&
    (await access(file, constants.R_OK).then(
      () => true,
      () => false,
    ));
  if (!readable) return { ok: false, outcome: 'unreadable_file', message: `${file} is not a readable file` };
  if (!isFresh(info, maxAge, now)) {
    const limit = maxAge.kind === 'today' ? `today (${maxAge.timeZone})` : `within ${maxAge.text}`;
    return { ok: false, outcome: 'stale_file', message: `${file} was last modified ${info.mtime.toISOString()}, not ${limit}` };
  }
  return { ok: true };
}
