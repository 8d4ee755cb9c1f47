import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Client } from 'urql';
import { loadCapabilities, NO_CAPABILITIES, type Capabilities } from './capabilities.js';
import type { CityStore } from './city-store.js';
import { activeFeeds } from './feeds.js';

/**
 * The one data hook: fills the store from the gateway. Each feed polls at its interval, never
 * overlapping itself; a subscription replaces a feed here without touching the map or panels.
 */
export function useCityData(client: Client | null, store: CityStore): Capabilities {
  const [capabilities, setCapabilities] = useState<Capabilities>(NO_CAPABILITIES);
  useEffect(() => {
    if (!client) return;
    let stopped = false;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    void (async () => {
      const caps = await loadCapabilities(client).catch(() => NO_CAPABILITIES);
      if (stopped) return;
      setCapabilities(caps);
      for (const feed of activeFeeds(caps)) {
        const tick = async () => {
          const started = Date.now();
          await feed.run(client, store).catch(() => undefined);
          if (stopped) return;
          const wait = Math.max(100, feed.intervalMs - (Date.now() - started));
          timers.set(feed.name, setTimeout(tick, wait));
        };
        void tick();
      }
    })();
    return () => {
      stopped = true;
      timers.forEach((t) => clearTimeout(t));
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
