/** Runs a tcp-blackhole.ts proxy: prints its port, then obeys `cut`, `refuse` and `restore` lines, answering `ok`. */
import { createInterface } from 'node:readline';
import { startTcpBlackhole } from './tcp-blackhole.js';

const [host, port] = process.argv.slice(2);
const proxy = await startTcpBlackhole({ host: host ?? '127.0.0.1', port: Number(port) });
process.stdout.write(`${proxy.port}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'cut') proxy.cut();
  if (line === 'refuse') proxy.refuse();
  if (line === 'restore') proxy.restore();
  process.stdout.write('ok\n');
});
process.once('SIGTERM', () => {
  void proxy.close().finally(() => process.exit(0));
});
