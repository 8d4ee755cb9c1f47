// Entry point of the local S3 server process that `infra:up` starts detached (see
// s3/s3-server-process.ts). Arguments: --host, --port, --dir.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4569' },
    dir: { type: 'string' },
  },
});
if (!values.dir) throw new Error('--dir is required');
fs.mkdirSync(values.dir, { recursive: true });

const server = new S3rver({
  address: values.host,
  port: Number(values.port),
  directory: values.dir,
  silent: true,
});
const address = await server.run();
process.stdout.write(
  `s3rver listening on ${address.address}:${address.port}, data in ${values.dir}\n`,
);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: closing\n`);
    // Open keep-alive connections would hold close() open: exit once new ones are refused.
    server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
