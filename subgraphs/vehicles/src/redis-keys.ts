// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { VEHICLE_KEYS } from '@city/processor/domains/vehicles/create-vehicles-stage.js';
export { changeChannel } from '@city/processor/sinks/change-feed.js';
