// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { environmentKeys } from '@city/processor/domains/environment/environment-keys.js';
export { changeChannel } from '@city/processor/sinks/change-feed.js';
