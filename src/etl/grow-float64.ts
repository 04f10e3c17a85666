// A Float64Array copied into a longer one: how the load's typed-array tallies (per client, per warehouse)
// grow without an object per entry.
export function growFloat64(a: Float64Array, length: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(length);
  b.set(a);
  return b;
}
