import { describe, expect, it } from 'vitest';
import { createCityStore, type VehiclePoint } from '../data/city-store.js';
import { vehicleRecords } from './vehicle-layer.js';
import { createVehicleMotion } from './vehicle-motion.js';

const point = (id: string, type: VehiclePoint['type']): VehiclePoint => ({
  id,
  type,
  lon: -122.41,
  lat: 37.78,
  heading: 90.4,
  speed: 30,
  speeding: false,
});

describe('vehicle records', () => {
  it('carry the unit status of emergency vehicles, live from the units channel', () => {
    const store = createCityStore();
    store.setVehicles([point('amb-1', 'AMBULANCE'), point('car-1', 'CAR')]);
    store.setUnits([['amb-1', 'available']]);
    const before = vehicleRecords(store);
    expect(before.get('amb-1')!.props).toMatchObject({ emergency: true, status: 'available' });
    expect(before.get('car-1')!.props).toMatchObject({ emergency: false, status: '' });

    // A status change alone reaches the map as a property update, no geometry.
    const motion = createVehicleMotion();
    motion.setTargets(before, 0);
    motion.frame(0);
    const version = store.version('units');
    store.applyUnits([['amb-1', 'en_route']]);
    expect(store.version('units')).toBe(version + 1);
    motion.setTargets(vehicleRecords(store), 1_000);
    expect(motion.frame(1_000)).toEqual({
      add: [],
      remove: [],
      update: [{ id: 'amb-1', addOrUpdateProperties: [{ key: 'status', value: 'en_route' }] }],
    });
  });
});
