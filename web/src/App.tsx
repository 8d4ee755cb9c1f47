import { useEffect, useMemo, useRef, useState } from 'react';
import { Provider } from 'urql';
import { SignIn } from './auth/SignIn.js';
import { loadSession, saveSession, type Session } from './auth/session.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import { createCityStore } from './data/city-store.js';
import { createConnectionStatus } from './data/connection-status.js';
import { useCityData } from './data/use-city-data.js';
import { createConsoleClient, type ConsoleClient } from './graphql/client.js';
import { CityMap, type MapSelection } from './map/CityMap.js';
import type { Theme } from './map/city-style.js';
import type { LayerGroup } from './map/live-layers.js';
import { MapLegend } from './map/MapLegend.js';
import { SegmentDetails, VehicleDetails } from './panels/DetailsPanel.js';
import { EnvironmentPanel } from './panels/EnvironmentPanel.js';
import { IncidentDrawer } from './panels/IncidentDrawer.js';
import { IncidentsPanel } from './panels/IncidentsPanel.js';
import { KpiPanel } from './panels/KpiPanel.js';
import { SearchBox } from './panels/SearchBox.js';
import { TrafficPanel } from './panels/TrafficPanel.js';
import { ConnectionIndicator } from './ui/ConnectionIndicator.js';
import { Toasts } from './ui/Toasts.js';

const NO_TRACK: readonly [number, number][] = [];

const initialTheme = (): Theme =>
  (localStorage.getItem('city-theme') as Theme | null) ??
  (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

export function App({ config }: { config: RuntimeConfig }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('city-theme', theme);
  }, [theme]);
  const signIn = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  if (!session) return <SignIn devUsers={config.devUsers} onSignedIn={signIn} />;
  return (
    <Console
      key={session.token}
      config={config}
      session={session}
      theme={theme}
      onTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      onSignOut={() => signIn(null)}
    />
  );
}

function Console(props: {
  config: RuntimeConfig;
  session: Session;
  theme: Theme;
  onTheme(): void;
  onSignOut(): void;
}) {
  const { config, session } = props;
  const status = useMemo(() => createConnectionStatus(), []);
  const store = useMemo(() => createCityStore(), []);
  const onSignOut = useRef(props.onSignOut);
  onSignOut.current = props.onSignOut;
  // Created in the effect that disposes it: a disposed graphql-ws client keeps its subscriptions
  // but never retries after a close, so a client must not outlive its cleanup (a memoised one
  // did when the cleanup ran and the same client stayed in use).
  const [client, setClient] = useState<ConsoleClient | null>(null);
  useEffect(() => {
    const created = createConsoleClient({
      httpUrl: config.gatewayUrl,
      wsUrl: config.wsUrl,
      token: session.token,
      status,
      onAuthError: () => onSignOut.current(),
    });
    setClient(created);
    return () => {
      setClient(null);
      created.dispose();
    };
  }, [config, session.token, status]);
  const capabilities = useCityData(client, store);
  const [visible, setVisible] = useState<Record<LayerGroup, boolean>>({
    vehicles: true,
    emergency: true,
    incidents: true,
    congestion: true,
    air: true,
  });
  const [selection, setSelection] = useState<MapSelection | null>(null);
  const [track, setTrack] = useState<readonly [number, number][]>(NO_TRACK);
  const [focus, setFocus] = useState<[number, number] | null>(null);
  const [panelsOpen, setPanelsOpen] = useState(true);

  // One render until the effect above has made the client.
  if (!client) return null;
  return (
    <Provider value={client.urql}>
      <div className="app" data-panels={panelsOpen ? 'open' : 'closed'}>
        <header className="topbar">
          <h1>City console</h1>
          <SearchBox
            onFocus={(lonLat) => setFocus(lonLat)}
            onVehicle={(id) => setSelection({ kind: 'vehicle', id })}
          />
          <ConnectionIndicator status={status} />
          <span className="user" data-testid="user">
            {session.name} · {session.roles.join(', ')}
          </span>
          <button type="button" onClick={props.onTheme} aria-label="Toggle light and dark theme">
            {props.theme === 'dark' ? '☀' : '☾'}
          </button>
          <button
            type="button"
            className="panels-toggle"
            aria-expanded={panelsOpen}
            aria-controls="side-panels"
            onClick={() => setPanelsOpen(!panelsOpen)}
          >
            Panels
          </button>
          <button type="button" onClick={props.onSignOut}>
            Sign out
          </button>
        </header>
        <CityMap
          store={store}
          theme={props.theme}
          mapboxToken={config.mapboxToken}
          visible={visible}
          focus={focus}
          track={selection?.kind === 'vehicle' ? track : NO_TRACK}
          onSelect={setSelection}
        />
        <div className="legend-dock">
          <MapLegend
            store={store}
            visible={visible}
            onToggle={(g) => setVisible({ ...visible, [g]: !visible[g] })}
          />
        </div>
        <div id="side-panels" className="panels">
          <KpiPanel store={store} />
          <IncidentsPanel
            store={store}
            available={capabilities.queryFields.has('activeIncidents')}
            onOpen={(id) => setSelection({ kind: 'incident', id })}
          />
          <TrafficPanel store={store} onOpen={(id) => setSelection({ kind: 'segment', id })} />
          <EnvironmentPanel
            store={store}
            available={capabilities.queryFields.has('airQualityStations')}
          />
        </div>
        {selection?.kind === 'incident' && (
          <IncidentDrawer
            store={store}
            id={selection.id}
            roles={session.roles}
            mutationFields={capabilities.mutationFields}
            onClose={() => setSelection(null)}
          />
        )}
        {selection?.kind === 'vehicle' && (
          <VehicleDetails id={selection.id} onClose={() => setSelection(null)} onTrack={setTrack} />
        )}
        {selection?.kind === 'segment' && (
          <SegmentDetails id={selection.id} onClose={() => setSelection(null)} />
        )}
        <Toasts store={store} />
      </div>
    </Provider>
  );
}
