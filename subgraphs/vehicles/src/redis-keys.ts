// The processor owns the Redis layout; import its key helpers so the two cannot drift apart.
export { VEHICLE_KEYS } from '../../../processor/src/domains/vehicles/create-vehicles-stage.js';
export { changeChannel } from '../../../processor/src/sinks/change-feed.js';
