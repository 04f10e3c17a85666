// The ceiling for bench/api.ts: a bare node:http server answering every request with one constant JSON
// string (by default the bundled data's category summary, so the bytes on the wire match the REST route).
// Prints "listening <port>" once it accepts connections; BODY overrides the body, PORT=0 picks a free port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = process.env.BODY ?? '{"Electronicos":8118,"Ropa":4280,"Accesorios":4229,"Almacenamiento":3910}';
// Same headers as the app's sendJson, so the only difference left is the work behind the response.
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
});
