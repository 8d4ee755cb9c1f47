export interface DevUserOption {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface RuntimeConfig {
  /** GraphQL HTTP endpoint; relative (`/graphql`) = same origin through the console's proxy. */
  readonly gatewayUrl: string;
  /** graphql-ws endpoint derived from gatewayUrl. */
  readonly wsUrl: string;
  /** With a token the map uses mapbox-gl; without, maplibre-gl and nothing leaves the machine. */
  readonly mapboxToken: string | null;
  readonly devUsers: readonly DevUserOption[];
}

declare global {
  interface Window {
    __CITY_CONFIG__?: Partial<Omit<RuntimeConfig, 'wsUrl'>>;
  }
}

export function wsUrlFor(httpUrl: string, base: string): string {
  const url = new URL(httpUrl, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Runtime config from /config.js (served by `npm run start`), then Vite env, then defaults. */
export function loadRuntimeConfig(
  source: Window['__CITY_CONFIG__'] = window.__CITY_CONFIG__,
  base = window.location.href,
): RuntimeConfig {
  const gatewayUrl = source?.gatewayUrl ?? import.meta.env.VITE_GATEWAY_URL ?? '/graphql';
  const token = source?.mapboxToken ?? import.meta.env.VITE_MAPBOX_TOKEN ?? null;
  return {
    gatewayUrl: new URL(gatewayUrl, base).toString(),
    wsUrl: wsUrlFor(gatewayUrl, base),
    mapboxToken: token ? String(token) : null,
    devUsers: source?.devUsers ?? [],
  };
}
