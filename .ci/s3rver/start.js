// Starts a local S3-compatible server for Encore's artifact store tests (docs/artifacts.md).
// Usage: node start.js PORT DIRECTORY [BUCKET...]   (PORT 0 picks a free port)
// Prints "s3rver listening on http://127.0.0.1:PORT" once it accepts requests; stops on SIGTERM/SIGINT.
'use strict';

const path = require('path');
const S3rver = require('@20minutes/s3rver');

const [portArg = '0', directory = path.join(__dirname, 'data'), ...buckets] = process.argv.slice(2);

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(portArg),
  directory,
  silent: process.env.S3RVER_VERBOSE !== "1",
  // SDK v4 signs ListObjectsV2 in a way s3rver 4.0.4 recomputes differently; keys are still checked.
  allowMismatchedSignatures: true,
  // Path-style only: the client sets ForcePathStyle for custom endpoints.
  vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name })),
});

server.run().then(
  (address) => {
    console.log(`s3rver listening on http://127.0.0.1:${address.port}`);
  },
  (error) => {
    console.error(`s3rver failed to start: ${error.message}`);
    process.exit(1);
  },
);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close().finally(() => process.exit(0)));
}
