import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConsoleClient } from '../graphql/client.js';
import { loadCapabilities, NO_CAPABILITIES, type Capabilities } from './capabilities.js';
import type { CityStore } from './city-store.js';
import { startFeeds } from './feeds.js';
import { loadNeighbourhoodAir, startNeighbourhoodAir } from './neighbourhood-air.js';

/**
 * The one data hook: fills the store from the gateway, through subscriptions where the gateway
 * serves them (with a snapshot query on every socket (re)connect) and polling elsewhere.
 */
export function useCityData(client: ConsoleClient | null, store: CityStore): Capabilities {
  const [capabilities, setCapabilities] = useState<Capabilities>(NO_CAPABILITIES);
  useEffect(() => {
    if (!client) return;
    let stopped = false;
    let stopFeeds = () => {};
    void (async () => {
      const caps = await loadCapabilities(client.urql).catch(() => NO_CAPABILITIES);
      if (stopped) return;
      setCapabilities(caps);
      const stops = [
        startFeeds({
          client: client.urql,
          store,
          socket: client.socket,
          subscriptionFields: caps.subscriptionFields,
        }),
      ];
      if (caps.queryFields.has('neighborhoods') && caps.queryFields.has('airQualityStations'))
        stops.push(startNeighbourhoodAir(store, () => loadNeighbourhoodAir(client.urql)));
      stopFeeds = () => stops.forEach((stop) => stop());
    })();
    return () => {
      stopped = true;
      stopFeeds();
    };
  }, [client, store]);
  return capabilities;
}

/** Re-renders when a store channel changes. */
export function useStoreVersion(
  store: CityStore,
  channel: Parameters<CityStore['subscribe']>[0],
): number {
  return useSyncExternalStore(
    (listener) => store.subscribe(channel, listener),
    () => store.version(channel),
  );
}
