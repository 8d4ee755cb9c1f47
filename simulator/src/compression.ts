import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';

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
