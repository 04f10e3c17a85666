// What the profile worker is given and what it answers (structured-cloned between the threads).
import type { ColumnProfile } from './column-profile.ts';

export interface ProfileWorkerInput {
  /** The SQLite file to profile. */
  path: string;
}

export type ProfileWorkerMessage = { ok: true; profiles: ColumnProfile[] } | { ok: false; message: string };
