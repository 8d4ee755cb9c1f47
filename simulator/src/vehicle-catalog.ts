import type { Rng } from './rng.js';
import type { Powertrain, VehicleType } from './vehicle.js';

interface Model {
  readonly make: string;
  readonly model: string;
  readonly powertrain: Powertrain;
  readonly capacity: number;
}

const m = (make: string, model: string, powertrain: Powertrain, capacity = 4): Model => ({
  make,
  model,
  powertrain,
  capacity,
});

export const CATALOG: Readonly<Record<VehicleType, readonly Model[]>> = {
  car: [
    m('Toyota', 'Corolla', 'petrol'),
    m('Toyota', 'Prius', 'hybrid'),
    m('Honda', 'Civic', 'petrol'),
    m('Tesla', 'Model 3', 'electric'),
    m('Tesla', 'Model Y', 'electric'),
    m('Ford', 'F-150', 'petrol'),
    m('Subaru', 'Outback', 'petrol'),
    m('Chevrolet', 'Bolt', 'electric'),
    m('BMW', '3 Series', 'petrol'),
    m('Hyundai', 'Ioniq 5', 'electric'),
  ],
  taxi: [
    m('Toyota', 'Camry Hybrid', 'hybrid'),
    m('Toyota', 'Prius', 'hybrid'),
    m('Jaguar', 'I-Pace', 'electric'),
  ],
  bus: [
    m('New Flyer', 'Xcelsior XDE40', 'hybrid', 75),
    m('New Flyer', 'Xcelsior XE60', 'electric', 110),
  ],
  delivery_van: [
    m('Ford', 'Transit', 'diesel', 2),
    m('Mercedes-Benz', 'Sprinter', 'diesel', 2),
    m('Rivian', 'EDV 700', 'electric', 2),
  ],
  ambulance: [m('Ford', 'E-450 Type III', 'diesel', 3)],
  fire_engine: [m('Pierce', 'Arrow XT', 'diesel', 6)],
  police: [m('Ford', 'Police Interceptor Utility', 'hybrid', 4)],
};

export function pickModel(rng: Rng, type: VehicleType): Model & { year: number } {
  return { ...rng.pick(CATALOG[type]), year: 2012 + rng.int(14) };
}
