import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';

// kafkajs is CommonJS; its codec registry is only reachable through the default export under ESM.
const { CompressionCodecs, CompressionTypes } = kafkajs;

/** The simulator may produce snappy batches: the consumer needs the codec to read them. */
export function registerCodecs(): void {
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
}
