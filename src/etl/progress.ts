// A one-line progress display (rows, rate, percent, ETA) for terminals; silent elsewhere.

export interface ProgressSink {
  update(file: string, rows: number, bytesRead: number, totalBytes: number): void;
  done(file: string, rows: number): void;
}

export const silentProgress: ProgressSink = { update() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, minBytes = 5 * 1024 * 1024): ProgressSink {
  if (!stream.isTTY) return silentProgress;
  let started = 0;
  let lastDraw = 0;
  let shown = false;
  return {
    update(file, rows, bytesRead, totalBytes) {
      const now = Date.now();
      if (started === 0) started = now;
      if (totalBytes < minBytes || now - lastDraw < 200) return;
      lastDraw = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = rows / seconds;
      const share = totalBytes > 0 ? Math.min(bytesRead / totalBytes, 1) : 0;
      const eta = share > 0 ? (seconds / share) * (1 - share) : 0;
      stream.write(
        `\r${file}: ${rows.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s  ${(share * 100).toFixed(0)}%  ETA ${eta.toFixed(0)}s   `,
      );
      shown = true;
    },
    done(file, rows) {
      if (shown) stream.write(`\r${file}: ${rows.toLocaleString('en')} rows, done${' '.repeat(30)}\n`);
      started = 0;
      shown = false;
    },
  };
}
