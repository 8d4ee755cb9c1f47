import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { promisify } from 'node:util';
import { constants, gzip, gunzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * LZ4 is left out: the only pure-JS LZ4 (lz4js) writes frames the broker rejects, and the
 * kafkajs LZ4 codecs need a native build.
 */
export const COMPRESSIONS = ['none', 'gzip', 'snappy'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

// kafkajs is CommonJS; its codec registry is only reachable through the default export under ESM.
const { CompressionCodecs, CompressionTypes } = kafkajs;
type CompressionTypes = kafkajs.CompressionTypes;

let registered = false;

/** Registers the pure-JavaScript snappy codec with kafkajs (no native build needed). */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  // kafkajs gzips at the default level 6; level 1 costs far less CPU for a little more size, and
  // zlib runs on the libuv thread pool, off the event loop that generates events.
  CompressionCodecs[CompressionTypes.GZIP] = () => ({
    compress: (encoder: { buffer: Buffer }) =>
      gzipAsync(encoder.buffer, { level: constants.Z_BEST_SPEED }),
    decompress: (buffer: Buffer) => gunzipAsync(buffer),
  });
}

export function compressionType(name: Compression): CompressionTypes {
  registerCodecs();
  switch (name) {
    case 'none':
      return CompressionTypes.None;
    case 'gzip':
      return CompressionTypes.GZIP;
    case 'snappy':
      return CompressionTypes.Snappy;
  }
}
