// The runs (loads, monitor runs) this process has open right now. A row recorded with this very host and
// pid is only alive if it is one of these: after a restart a process may get its predecessor's pid back
// (pid 1 in a container, every time), and must still see that predecessor's rows as left behind.

export type RunKind = 'carga' | 'monitor';

const open = new Set<string>();
const key = (kind: RunKind, id: number) => `${kind}:${id}`;

/** Marks a run as open in this process until the returned function is called. */
export function openRun(kind: RunKind, id: number): () => void {
  open.add(key(kind, id));
  return () => void open.delete(key(kind, id));
}

export function isOpenHere(kind: RunKind, id: number): boolean {
  return open.has(key(kind, id));
}
