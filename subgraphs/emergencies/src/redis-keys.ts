// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { emergencyKeys } from '@city/processor/domains/emergencies/emergencies-keys.js';
export { changeChannel } from '@city/processor/sinks/change-feed.js';
