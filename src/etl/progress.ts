// A one-line progress display (rows, rate, percent, ETA) for terminals; silent elsewhere.

export interface ProgressSink {
  update(file: string, rows: number, bytesRead: number, totalBytes: number): void;
  done(file: string, rows: number): void;
}

export const silentProgress: ProgressSink = { update() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, minBytes = 5 * 1024 * 1024): ProgressSink {
  if (!stream.isTTY) return silentProgress;
  // Rates are measured from the first update of a file (rows0, bytes0), so start-up time does not skew them.
  let started: number | null = null;
  let rows0 = 0;
  let bytes0 = 0;
  let lastDraw = 0;
  let shown = false;
  return {
    update(file, rows, bytesRead, totalBytes) {
      const now = Date.now();
      if (started === null) {
        [started, rows0, bytes0, lastDraw] = [now, rows, bytesRead, now];
        return;
      }
      if (totalBytes < minBytes || now - lastDraw < 200) return;
      lastDraw = now;
      const seconds = (now - started) / 1000;
      const rate = (rows - rows0) / seconds;
      const share = totalBytes > 0 ? Math.min(bytesRead / totalBytes, 1) : 0;
      const byteRate = (bytesRead - bytes0) / seconds;
      const eta = byteRate > 0 ? (totalBytes - bytesRead) / byteRate : 0;
      stream.write(
        `\r${file}: ${rows.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s  ${(share * 100).toFixed(0)}%  ETA ${eta.toFixed(0)}s   `,
      );
      shown = true;
    },
    done(file, rows) {
      if (shown) stream.write(`\r${file}: ${rows.toLocaleString('en')} rows, done${' '.repeat(30)}\n`);
      started = null;
      shown = false;
    },
  };
}
