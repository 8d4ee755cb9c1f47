// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { environmentKeys } from '../../../processor/src/domains/environment/environment-keys.js';
