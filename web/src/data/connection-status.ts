export type ConnectionState = 'connecting' | 'live' | 'polling' | 'reconnecting' | 'offline';

type Listener = (state: ConnectionState) => void;

/**
 * The connection indicator's state: `live` while the graphql-ws socket is open, `polling` while
 * HTTP queries succeed without a socket, `reconnecting`/`offline` when either fails.
 */
export function createConnectionStatus() {
  let ws: 'idle' | 'open' | 'retrying' = 'idle';
  let http: 'unknown' | 'ok' | 'failing' = 'unknown';
  const listeners = new Set<Listener>();
  const state = (): ConnectionState => {
    if (ws === 'open') return 'live';
    if (http === 'failing') return ws === 'retrying' ? 'reconnecting' : 'offline';
    if (ws === 'retrying') return 'reconnecting';
    return http === 'ok' ? 'polling' : 'connecting';
  };
  let last = state();
  const emit = () => {
    const next = state();
    if (next === last) return;
    last = next;
    for (const l of listeners) l(next);
  };
  return {
    get: state,
    socket(next: typeof ws) {
      ws = next;
      emit();
    },
    http(ok: boolean) {
      http = ok ? 'ok' : 'failing';
      emit();
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type ConnectionStatus = ReturnType<typeof createConnectionStatus>;
