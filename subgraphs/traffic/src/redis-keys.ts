// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { trafficKeys } from '../../../processor/src/domains/traffic/traffic-keys.js';
export { changeChannel } from '../../../processor/src/sinks/change-feed.js';
