// Where a reload may read: a folder inside the data root once every symbolic link is resolved, the folder's
// and each input file's. A link inside the root pointing elsewhere (`data/x -> /etc`) is refused like `../x`.
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { FILE_ORDER, FILE_SPECS } from '../data-files.ts';

export class DataDirRefused extends Error {
  constructor(
    readonly code: 'outside_data_root' | 'no_such_folder',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DataDirRefused';
  }
}

const within = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const outside = () => new DataDirRefused('outside_data_root', "dataDir must be a folder inside the server's data root");

/** The real path of `dataDir` (relative to the root, or absolute), or DataDirRefused. */
export async function resolveDataDir(dataRoot: string, dataDir: string): Promise<string> {
  // The written path first, so a missing folder outside the root is refused as outside (and nothing is learnt about it).
  if (!within(resolve(dataRoot), resolve(dataRoot, dataDir))) throw outside();
  const root = await realpath(dataRoot);
  let dir: string;
  try {
    dir = await realpath(resolve(dataRoot, dataDir));
  } catch (cause) {
    throw new DataDirRefused('no_such_folder', "dataDir is not an existing folder inside the server's data root", { cause });
  }
  if (!within(root, dir)) throw outside();
  for (const key of FILE_ORDER) {
    // A missing file is the load's to report (missing_file); one that is a link must stay inside too.
    const file = await realpath(join(dir, FILE_SPECS[key].fileName)).catch(() => null);
    if (file !== null && !within(root, file)) throw outside();
  }
  return dir;
}
