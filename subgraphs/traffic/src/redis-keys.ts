// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { trafficKeys } from '@city/processor/domains/traffic/traffic-keys.js';
export { changeChannel } from '@city/processor/sinks/change-feed.js';
