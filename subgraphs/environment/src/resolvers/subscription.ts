import { createPushIterator, liveField, mapChanges } from '@city/subgraph-kit';
import {
  airQualityFromChange,
  alertFromChange,
  alertReaches,
  categoryGate,
  stationMatcher,
  weatherFromChange,
  type AlertTransition,
  type StationStreamFilterInput,
} from '../live/station-stream.js';
import type { AirQualityRecord, AlertRecord, WeatherRecord } from '../station-records.js';
import type { EnvironmentContext } from './context.js';

export interface AirQualityChange {
  readonly station: AirQualityRecord;
  readonly producedAt: number;
}

export interface WeatherChange {
  readonly station: WeatherRecord;
  readonly producedAt: number;
}

export interface HealthAlertChange {
  readonly alert: AlertRecord;
  readonly transition: AlertTransition;
  readonly producedAt: number;
}

/** Changes buffered per subscription before the oldest are dropped (a stalled consumer). */
const BUFFER = 1000;

export const Subscription = {
  airQualityChanged: liveField(
    (args: { filter?: StationStreamFilterInput | null }, ctx: EnvironmentContext) => {
      const f = args.filter ?? {};
      const matcher = stationMatcher(f);
      const gate = categoryGate(f.minCategory);
      let stop = () => {};
      const iterator = createPushIterator<AirQualityChange>({
        limit: BUFFER,
        onReturn: () => stop(),
      });
      stop = ctx.feed.listen(ctx.feedChannel, (change) => {
        if (change.entity !== 'AirQualityStation' || !matcher.wantsId(change.id)) return;
        const station = airQualityFromChange(change);
        if (!station || !matcher.inArea(station.latitude, station.longitude)) return;
        if (!gate(station.id, station.category)) return;
        iterator.push({ station, producedAt: change.produceTime });
      });
      return iterator;
    },
  ),

  weatherChanged: liveField(
    (
      args: { filter?: Omit<StationStreamFilterInput, 'minCategory'> | null },
      ctx: EnvironmentContext,
    ) => {
      const matcher = stationMatcher(args.filter ?? {});
      let stop = () => {};
      const iterator = createPushIterator<WeatherChange>({
        limit: BUFFER,
        onReturn: () => stop(),
      });
      stop = ctx.feed.listen(ctx.feedChannel, (change) => {
        if (change.entity !== 'WeatherStation' || !matcher.wantsId(change.id)) return;
        const station = weatherFromChange(change);
        if (!station || !matcher.inArea(station.latitude, station.longitude)) return;
        iterator.push({ station, producedAt: change.produceTime });
      });
      return iterator;
    },
  ),

  healthAlertChanged: liveField(
    (args: { filter?: StationStreamFilterInput | null }, ctx: EnvironmentContext) => {
      const f = args.filter ?? {};
      const matcher = stationMatcher(f);
      const source = ctx.feed.changes(ctx.feedChannel, (c) => c.entity === 'HealthAlert', BUFFER);
      return mapChanges<HealthAlertChange>(
        source,
        async (change) => {
          const parsed = alertFromChange(change);
          if (!parsed || !matcher.wantsId(parsed.alert.stationId)) return null;
          if (!alertReaches(parsed.alert, f.minCategory)) return null;
          if (matcher.hasBbox) {
            // The alert carries no position: the station's (written before the feed message).
            const [station] = await ctx.stations.airQualityMany([parsed.alert.stationId]);
            if (!station || !matcher.inArea(station.latitude, station.longitude)) return null;
          }
          return { ...parsed, producedAt: change.produceTime };
        },
        ctx.log,
      );
    },
  ),
};
