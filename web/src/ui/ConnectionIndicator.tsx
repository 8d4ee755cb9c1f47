import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../data/connection-status.js';

const TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Connected (polling)',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const state = useSyncExternalStore(
    (l) => status.subscribe(l),
    () => status.get(),
  );
  return (
    <span
      className={`conn conn-${state}`}
      role="status"
      aria-live="polite"
      data-state={state}
      data-testid="connection"
    >
      <span className="conn-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}
