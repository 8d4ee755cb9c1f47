import { Type, type Static } from '@sinclair/typebox';
import { envelopeFields, eventObject, id, latitude, longitude } from '../common.js';

const concentration = (maximum: number, description: string) =>
  Type.Number({ minimum: 0, maximum, description });

export const AirQualityEventSchema = eventObject(
  {
    ...envelopeFields,
    stationId: id('Air-quality station id; the Kafka message key.'),
    latitude: latitude(),
    longitude: longitude(),
    pm25UgPerM3: concentration(1000, 'PM2.5 concentration in µg/m³.'),
    pm10UgPerM3: concentration(2000, 'PM10 concentration in µg/m³.'),
    o3Ppb: concentration(1000, 'Ozone in parts per billion.'),
    no2Ppb: concentration(3000, 'Nitrogen dioxide in parts per billion.'),
    coPpm: concentration(100, 'Carbon monoxide in parts per million.'),
    noiseDbA: Type.Number({
      minimum: 0,
      maximum: 160,
      description: 'A-weighted sound level in dB(A).',
    }),
  },
  {
    $id: 'air_quality_data.v1',
    title: 'AirQualityEvent',
    description: 'Pollutant concentrations and noise from an air-quality station.',
  },
);
export type AirQualityEvent = Static<typeof AirQualityEventSchema>;
