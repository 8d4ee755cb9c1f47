import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Reservoir } from '../measure/percentiles.js';

export type SubscriptionKind = 'viewport' | 'incident' | 'alert';

const VIEWPORT = `subscription($bbox: BoundingBox, $intervalMs: Int) { vehiclesMoved(filter: { bbox: $bbox }, intervalMs: $intervalMs) {
  vehicles { id position { latitude longitude } speed heading } removedIds emittedAt newestProducedAt } }`;
// Federated per event: the incident from emergencies, its road segment's name and level from traffic.
const INCIDENT = `subscription { incidentChanged { kind cause producedAt
  incident { id type severity status roadSegment { id name congestionLevel } } } }`;
const ALERT = `subscription { healthAlertChanged { transition producedAt
  alert { id status category aqi station { id aqi category } } } }`;

// The simulated streets (data/city/README.md: road segments bbox).
const AREA = { minLat: 37.7525, minLon: -122.4534, maxLat: 37.8044, maxLon: -122.3838 };

/** A viewport tile whose subscribers received nothing, and how many of them there are. */
export interface SilentTile {
  readonly box: ReturnType<typeof tile>;
  readonly subscribers: number;
}

/** The `i`-th of `n` viewport tiles over the simulated area. */
export function tile(i: number, n: number) {
  const grid = Math.ceil(Math.sqrt(n));
  const dLat = (AREA.maxLat - AREA.minLat) / grid;
  const dLon = (AREA.maxLon - AREA.minLon) / grid;
  return {
    minLat: AREA.minLat + Math.floor(i / grid) * dLat,
    maxLat: AREA.minLat + (Math.floor(i / grid) + 1) * dLat,
    minLon: AREA.minLon + (i % grid) * dLon,
    maxLon: AREA.minLon + ((i % grid) + 1) * dLon,
  };
}

/**
 * The mix: 80 % viewport-filtered vehicle streams, 10 % incident changes, 10 % health
 * alerts (city-wide, as a control room watches them).
 */
export function kindOf(i: number): SubscriptionKind {
  const r = i % 10;
  return r === 8 ? 'incident' : r === 9 ? 'alert' : 'viewport';
}

const QUERIES: Record<SubscriptionKind, string> = {
  viewport: VIEWPORT,
  incident: INCIDENT,
  alert: ALERT,
};

interface FrameData {
  vehiclesMoved?: { newestProducedAt: number; emittedAt: number };
  incidentChanged?: { producedAt: number };
  healthAlertChanged?: { producedAt: number };
}

interface Subscriber {
  readonly kind: SubscriptionKind;
  /** Viewport subscribers: index of their tile (`tile(i, tiles)`). */
  readonly tile?: number;
  client: Client;
  frames: number;
  lastFrameAt: number;
  errors: number;
}

export interface SubscriberStats {
  readonly subscribers: number;
  readonly byKind: Record<SubscriptionKind, number>;
  readonly framesByKind: Record<SubscriptionKind, number>;
  readonly frames: number;
  readonly errors: number;
  readonly reconnects: number;
}

/**
 * N graphql-ws clients through the gateway, each with one subscription. Clients retry forever
 * (the graphql-ws client re-subscribes after a reconnect), so faults show up as gaps, not exits.
 * Latency = receive time - `newestProducedAt` (the Kafka produce time of the newest report in
 * the batch) for viewport frames, receive time - `producedAt` for incident and alert frames.
 */
export class SubscriberPool {
  private readonly subs: Subscriber[] = [];
  readonly produceToReceive = new Reservoir();
  readonly emitToReceive = new Reservoir();
  /** Viewport subscribers: first frame - subscribe (their 1 s batches; empty tiles never count). */
  readonly firstFrame = new Reservoir();
  /** Incident and alert frames: receive - the change's Kafka produce time. */
  readonly eventProduceToReceive = new Reservoir();
  measuring = false;
  reconnects = 0;
  private readonly tiles: number;

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
    tiles = 50,
    /** The viewport streams' batch interval (the API allows 250-1000 ms). */
    private readonly frameMs = 1000,
  ) {
    this.tiles = tiles;
  }

  async open(n: number, onProgress?: (opened: number) => void): Promise<void> {
    for (let i = 0; i < n; i += 250) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + 250); j++) batch.push(this.openOne(j));
      await Promise.all(batch);
      onProgress?.(Math.min(n, i + 250));
    }
  }

  private openOne(i: number): Promise<void> {
    const kind = kindOf(i);
    let connectedOnce = false;
    const client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      retryWait: async () => new Promise((r) => setTimeout(r, 300 + Math.random() * 700)),
      lazy: false,
      keepAlive: 10_000,
      on: {
        connected: () => {
          if (connectedOnce) this.reconnects++;
          connectedOnce = true;
        },
      },
    });
    const sub: Subscriber = {
      kind,
      ...(kind === 'viewport' ? { tile: i % this.tiles } : {}),
      client,
      frames: 0,
      lastFrameAt: 0,
      errors: 0,
    };
    const subscribedAt = Date.now();
    this.subs.push(sub);
    const query = QUERIES[kind];
    const variables =
      kind === 'viewport'
        ? { bbox: tile(i % this.tiles, this.tiles), intervalMs: this.frameMs }
        : {};
    return new Promise((resolve) => {
      client.on('connected', () => resolve());
      client.subscribe(
        { query, variables },
        {
          next: (value) => {
            const at = Date.now();
            if (sub.frames === 0 && kind === 'viewport') this.firstFrame.add(at - subscribedAt);
            sub.frames++;
            sub.lastFrameAt = at;
            if (value.errors) sub.errors++;
            if (!this.measuring) return;
            const data = value.data as FrameData | undefined;
            const batch = data?.vehiclesMoved;
            if (batch) {
              this.produceToReceive.add(at - batch.newestProducedAt);
              this.emitToReceive.add(at - batch.emittedAt);
            }
            const change = data?.incidentChanged ?? data?.healthAlertChanged;
            if (change) this.eventProduceToReceive.add(at - change.producedAt);
          },
          error: () => {
            sub.errors++;
          },
          complete: () => undefined,
        },
      );
      setTimeout(resolve, 30_000).unref();
    });
  }

  frames(): number {
    return this.subs.reduce((s, x) => s + x.frames, 0);
  }

  stats(): SubscriberStats {
    const byKind = { viewport: 0, incident: 0, alert: 0 };
    const framesByKind = { viewport: 0, incident: 0, alert: 0 };
    for (const s of this.subs) {
      byKind[s.kind]++;
      framesByKind[s.kind] += s.frames;
    }
    return {
      subscribers: this.subs.length,
      byKind,
      framesByKind,
      frames: this.frames(),
      errors: this.subs.reduce((s, x) => s + x.errors, 0),
      reconnects: this.reconnects,
    };
  }

  /**
   * Viewport subscribers (the kind that ticks regularly; incidents and alerts are rare events)
   * that received a frame after `since`.
   */
  receivingAfter(since: number): ReadonlySet<object> {
    return new Set(this.subs.filter((s) => s.kind === 'viewport' && s.lastFrameAt > since));
  }

  /**
   * How many of `group` (from `receivingAfter`) received a frame after `since`, and the viewport
   * tiles (bounding boxes) of those that did not, with how many silent subscribers each has.
   */
  receivingSince(
    group: ReadonlySet<object>,
    since: number,
  ): { receiving: number; of: number; silent: SilentTile[] } {
    let receiving = 0;
    const silent = new Map<number, number>();
    for (const s of group as ReadonlySet<Subscriber>) {
      if (s.lastFrameAt > since) receiving++;
      else if (s.tile !== undefined) silent.set(s.tile, (silent.get(s.tile) ?? 0) + 1);
    }
    return {
      receiving,
      of: group.size,
      silent: [...silent]
        .sort((a, b) => a[0] - b[0])
        .map(([t, subscribers]) => ({ box: tile(t, this.tiles), subscribers })),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.subs.map((s) => s.client.dispose()));
    this.subs.length = 0;
  }
}
