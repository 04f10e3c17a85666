// A lease row in the database, taken and renewed with conditional updates, so runs on several machines
// that share one database exclude each other.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';
import { type Acquired, type Lock, type LockDeps, type LockHolder, isStale, newHolder } from './lock.ts';

const toHolder = (r: { host: string; pid: number; desde: string; vence: string; token: string }): LockHolder => ({
  host: r.host,
  pid: Number(r.pid),
  since: r.desde,
  leaseUntil: r.vence,
  token: r.token,
});

export class DatabaseLock implements Lock {
  private holder: LockHolder | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    readonly name: string,
    private readonly deps: LockDeps,
  ) {}

  async acquire(): Promise<Acquired> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const mine = newHolder(this.deps);
      const row = { nombre: this.name, token: mine.token, host: mine.host, pid: mine.pid, desde: mine.since, vence: mine.leaseUntil };
      const inserted = await this.db.insertInto('bloqueos').values(row).onConflict((oc) => oc.column('nombre').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
        this.holder = mine;
        return { acquired: true, holder: mine, tookOverFrom: null };
      }
      const current = await this.db.selectFrom('bloqueos').selectAll().where('nombre', '=', this.name).executeTakeFirst();
      if (!current) continue;
      const holder = toHolder(current);
      if (!isStale(holder, this.deps)) return { acquired: false, holder };
      // Compare-and-set on the stale holder's token: of two runs taking over, one update matches.
      const taken = await this.db
        .updateTable('bloqueos')
        .set({ token: mine.token, host: mine.host, pid: mine.pid, desde: mine.since, vence: mine.leaseUntil })
        .where('nombre', '=', this.name)
        .where('token', '=', holder.token)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) {
        this.holder = mine;
        return { acquired: true, holder: mine, tookOverFrom: holder };
      }
    }
    const current = await this.db.selectFrom('bloqueos').selectAll().where('nombre', '=', this.name).executeTakeFirstOrThrow();
    return { acquired: false, holder: toHolder(current) };
  }

  async renew(): Promise<boolean> {
    if (!this.holder) return false;
    const renewed = newHolder(this.deps, this.holder.since);
    const r = await this.db
      .updateTable('bloqueos')
      .set({ vence: renewed.leaseUntil })
      .where('nombre', '=', this.name)
      .where('token', '=', this.holder.token)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    this.holder = renewed;
    return true;
  }

  async release(): Promise<void> {
    if (!this.holder) return;
    await this.db.deleteFrom('bloqueos').where('nombre', '=', this.name).where('token', '=', this.holder.token).execute();
    this.holder = null;
  }
}
