import { describe, expect, it, vi } from 'vitest';
import { terminalProgress } from '../../src/etl/progress.ts';

function fakeTerminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('terminalProgress', () => {
  it('shows rows, rows/s, percent and ETA on a terminal for large files', () => {
    vi.useFakeTimers({ now: 0 });
    const { stream, written } = fakeTerminal(true);
    const p = terminalProgress(stream, 0);
    p.update('ventas.csv', 0, 0, 1000);
    vi.setSystemTime(1000);
    p.update('ventas.csv', 50_000, 250, 1000);
    p.done('ventas.csv', 200_000);
    vi.useRealTimers();
    expect(written[0]).toBe('\rventas.csv: 50,000 rows  50,000 rows/s  25%  ETA 3s   ');
    expect(written[1]).toMatch(/^\rventas\.csv: 200,000 rows, done/);
  });

  it('writes nothing when the output is not a terminal', () => {
    const { stream, written } = fakeTerminal(false);
    const p = terminalProgress(stream, 0);
    p.update('ventas.csv', 1, 1, 10);
    p.done('ventas.csv', 1);
    expect(written).toEqual([]);
  });
});
