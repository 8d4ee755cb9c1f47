import { describe, expect, it } from 'vitest';
import type { PlanNode } from '@apollo/query-planner';
import { collectAtPath, deepMerge, executePlanNode, selectRequires } from './plan-executor.js';
import { headersFromInit } from './gateway-ws-server.js';
import { scopeOf, subscriptionKey } from './shared-subscriptions.js';

describe('plan executor helpers', () => {
  const data = {
    vehiclesMoved: {
      vehicles: [
        { id: 'a', roadSegment: { __typename: 'RoadSegment', id: '1' } },
        { id: 'b', roadSegment: null },
        { id: 'c', roadSegment: { __typename: 'RoadSegment', id: '2' } },
      ],
    },
  };

  it('collects entities along a path with list markers', () => {
    const got = collectAtPath(data, ['vehiclesMoved', 'vehicles', '@', 'roadSegment']);
    expect(got.map((e) => e.id)).toEqual(['1', '2']);
  });

  it('builds representations from requires and merges fetched entities back', async () => {
    const node: PlanNode = {
      kind: 'Flatten',
      path: ['vehiclesMoved', 'vehicles', '@', 'roadSegment'],
      node: {
        kind: 'Fetch',
        serviceName: 'traffic',
        requires: [
          {
            kind: 'InlineFragment',
            typeCondition: 'RoadSegment',
            selections: [
              { kind: 'Field', name: '__typename' },
              { kind: 'Field', name: 'id' },
            ],
          },
        ],
        variableUsages: [],
        operation:
          'query($representations:[_Any!]!){_entities(representations:$representations){...on RoadSegment{name}}}',
        operationName: undefined,
        operationKind: 'query' as never,
      },
    };
    const copy = structuredClone(data);
    const calls: unknown[] = [];
    await executePlanNode(
      node,
      copy,
      {},
      async (service, body) => {
        calls.push([service, body.variables]);
        return { data: { _entities: [{ name: 'Main St' }, { name: null }] } };
      },
      [],
    );
    expect(calls).toEqual([
      [
        'traffic',
        {
          representations: [
            { __typename: 'RoadSegment', id: '1' },
            { __typename: 'RoadSegment', id: '2' },
          ],
        },
      ],
    ]);
    expect(copy.vehiclesMoved.vehicles[0]!.roadSegment).toEqual({
      __typename: 'RoadSegment',
      id: '1',
      name: 'Main St',
    });
    expect(copy.vehiclesMoved.vehicles[2]!.roadSegment).toMatchObject({ id: '2', name: null });
  });

  it('selectRequires skips other types', () => {
    expect(
      selectRequires({ __typename: 'Vehicle', id: 'x' }, [
        {
          kind: 'InlineFragment',
          typeCondition: 'RoadSegment',
          selections: [{ kind: 'Field', name: 'id' }],
        },
      ]),
    ).toBeNull();
  });

  it('deepMerge merges objects and lists element-wise', () => {
    const t = { a: { b: 1 }, l: [{ x: 1 }, { x: 2 }] };
    deepMerge(t, { a: { c: 2 }, l: [{ y: 1 }, { y: 2 }] });
    expect(t).toEqual({
      a: { b: 1, c: 2 },
      l: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ],
    });
  });
});

describe('subscription identity and auth', () => {
  it('keys identical subscriptions alike regardless of variable order; scope by roles', () => {
    const viewer = { sub: 'u1', roles: ['viewer'] as const, kind: 'user' as const };
    const other = { sub: 'u2', roles: ['viewer'] as const, kind: 'user' as const };
    const k1 = subscriptionKey(
      'q',
      undefined,
      { a: 1, b: { c: 2, d: 3 } },
      { ...viewer, roles: [...viewer.roles] },
    );
    const k2 = subscriptionKey(
      'q',
      undefined,
      { b: { d: 3, c: 2 }, a: 1 },
      { ...other, roles: [...other.roles] },
    );
    expect(k1).toBe(k2);
    expect(subscriptionKey('q', undefined, {}, { ...viewer, roles: ['operator'] })).not.toBe(
      subscriptionKey('q', undefined, {}, { ...viewer, roles: ['viewer'] }),
    );
    expect(scopeOf({ sub: 'x', roles: ['viewer', 'operator'], kind: 'apiKey' })).toBe(
      'apiKey:operator,viewer',
    );
  });

  it('reads credentials from connection_init payloads', () => {
    expect(headersFromInit({ Authorization: 'Bearer t' })).toEqual({ authorization: 'Bearer t' });
    expect(headersFromInit({ 'x-api-key': 'k' })).toEqual({ 'x-api-key': 'k' });
    expect(headersFromInit({ token: 't' })).toEqual({ authorization: 'Bearer t' });
    expect(headersFromInit(null)).toEqual({});
  });
});
