// Terminal progress for uploads: bytes, rate and the file being sent; silent when not on a terminal.

export function uploadProgress(
  stream: NodeJS.WriteStream = process.stderr,
): ((key: string, sent: number, total: number) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const started = new Map<string, number>();
  let last = 0;
  return (key, sent, total) => {
    const now = Date.now();
    if (!started.has(key)) started.set(key, now);
    if (now - last < 200 && sent < total) return;
    last = now;
    const seconds = Math.max((now - started.get(key)!) / 1000, 0.001);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    stream.write(`\r${key}: ${mib(sent)} / ${mib(total)} MiB  ${mib(sent / seconds)} MiB/s   ${sent >= total ? '\n' : ''}`);
  };
}
