import { Type, type Static } from '@sinclair/typebox';
import { envelopeFields, eventObject, id, latitude, longitude, stringEnum } from '../common.js';

export const WEATHER_CONDITIONS = [
  'clear',
  'partly_cloudy',
  'cloudy',
  'fog',
  'drizzle',
  'rain',
  'heavy_rain',
  'thunderstorm',
  'windy',
] as const;

export const WeatherEventSchema = eventObject(
  {
    ...envelopeFields,
    stationId: id('Weather station id; the Kafka message key.'),
    latitude: latitude(),
    longitude: longitude(),
    temperatureC: Type.Number({ minimum: -60, maximum: 60, description: 'Air temperature in °C.' }),
    humidityPct: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Relative humidity in percent.',
    }),
    windSpeedKmh: Type.Number({
      minimum: 0,
      maximum: 400,
      description: 'Mean wind speed in km/h.',
    }),
    windDirectionDeg: Type.Number({
      minimum: 0,
      exclusiveMaximum: 360,
      description: 'Direction the wind blows from, degrees from true north.',
    }),
    precipitationMmPerH: Type.Number({
      minimum: 0,
      maximum: 500,
      description: 'Precipitation rate in mm/h.',
    }),
    pressureHpa: Type.Number({
      minimum: 850,
      maximum: 1100,
      description: 'Sea-level pressure in hPa.',
    }),
    condition: stringEnum(WEATHER_CONDITIONS, 'Summary condition.'),
  },
  {
    $id: 'weather_data.v1',
    title: 'WeatherEvent',
    description: 'An observation from a weather station.',
  },
);
export type WeatherEvent = Static<typeof WeatherEventSchema>;
