// Runs processor/src/index.ts after registering the snappy codec for real. Workaround, used only
// while BENCH_PROCESSOR_SNAPPY_WORKAROUND=1: the working tree's processor emits snappy batches but
// `registerCodecs` uses `??=`, which never replaces kafkajs' built-in "not implemented" snappy stub.
import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';

kafkajs.CompressionCodecs[kafkajs.CompressionTypes.Snappy] = SnappyCodec;
await import('../../../processor/src/index.js');
