/** GraphQL enum names to the contracts' values (the resolvers see the contracts' spelling). */
export const VEHICLE_TYPE_ENUM = {
  CAR: 'car',
  TAXI: 'taxi',
  BUS: 'bus',
  DELIVERY_VAN: 'delivery_van',
  AMBULANCE: 'ambulance',
  FIRE_ENGINE: 'fire_engine',
  POLICE: 'police',
} as const;

export const POWERTRAIN_ENUM = {
  PETROL: 'petrol',
  DIESEL: 'diesel',
  HYBRID: 'hybrid',
  ELECTRIC: 'electric',
} as const;
