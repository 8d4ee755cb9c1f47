import { describe, expect, it } from 'vitest';
import { hiveTransportEntries } from './hive-transport-entries.js';

describe('hiveTransportEntries', () => {
  it('points each subgraph at its URL, subscriptions over graphql-ws with the secret', () => {
    const entries = hiveTransportEntries(
      { vehicles: 'http://127.0.0.1:4101/graphql', traffic: 'http://127.0.0.1:4104/graphql' },
      's3cret',
    );
    expect(Object.keys(entries)).toEqual(['vehicles', 'traffic']);
    expect(entries.vehicles).toEqual({
      location: 'http://127.0.0.1:4101/graphql',
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: { connectionParams: { gatewaySecret: 's3cret' } },
        },
      },
    });
  });
});
