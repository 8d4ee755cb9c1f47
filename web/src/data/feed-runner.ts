import type { Client } from 'urql';
import type { CityStore } from './city-store.js';

/** A subscription that keeps one store channel current between snapshots. */
export interface LiveSource<E> {
  /** Subscription root field: the feed goes live only when the gateway serves it. */
  readonly field: string;
  /** Starts the subscription, events to `emit`; returns the unsubscribe. */
  subscribe(client: Client, emit: (event: E) => void): () => void;
  /** Applies events, in arrival order, to the store. */
  apply(store: CityStore, events: readonly E[]): void;
  /** Collects events for this long before applying them (one store notification per batch). */
  readonly coalesceMs?: number;
}

export interface Feed<E = never> {
  readonly name: string;
  /** Polling interval when the feed has no subscription, or while the socket is down. */
  readonly pollMs: number;
  /**
   * Loads the channel's whole state (a list query). Null when the live source's first event is
   * itself a snapshot (citySummaryTick).
   */
  readonly snapshot: ((client: Client, store: CityStore) => Promise<void>) | null;
  /**
   * State that live events and polls only extend (the KPI history): loaded with the snapshot on
   * every socket (re)connect; while polling, only until one load succeeded.
   */
  readonly history?: (client: Client, store: CityStore) => Promise<void>;
  readonly live?: LiveSource<E>;
}

/** The graphql-ws socket as the runner sees it. */
export interface SocketEvents {
  isOpen(): boolean;
  on(event: 'connected' | 'closed', listener: () => void): () => void;
}

export interface FeedRunnerContext {
  readonly client: Client;
  readonly store: CityStore;
  readonly socket: SocketEvents;
  readonly subscriptionFields: ReadonlySet<string>;
}

/**
 * Runs one feed; returns a function that stops it.
 * - No subscription on the gateway: poll the snapshot every `pollMs`, never overlapping itself.
 * - Subscription: on every socket (re)connect load the snapshot (and history) once (events
 *   arriving meanwhile are held and applied after them), then apply events only. While the socket
 *   is down, poll.
 */
export function runFeed<E>(feed: Feed<E>, ctx: FeedRunnerContext): () => void {
  const { client, store } = ctx;
  let stopped = false;
  let polling = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let historyLoaded = false;
  let historyLoading = false;
  const loadHistory = async () => {
    if (!feed.history) return;
    historyLoading = true;
    try {
      await feed.history(client, store);
      historyLoaded = true;
    } catch {
      // Loaded again on the next (re)connect, or by the next poll.
    } finally {
      historyLoading = false;
    }
  };

  const pollOnce = async () => {
    const started = Date.now();
    if (!historyLoaded && !historyLoading) void loadHistory();
    await feed.snapshot?.(client, store).catch(() => undefined);
    if (stopped || !polling) return;
    pollTimer = setTimeout(pollOnce, Math.max(100, feed.pollMs - (Date.now() - started)));
  };
  const startPolling = () => {
    if (polling || stopped || !feed.snapshot) return;
    polling = true;
    void pollOnce();
  };
  const stopPolling = () => {
    polling = false;
    clearTimeout(pollTimer);
  };

  const live = feed.live;
  if (!live || !ctx.subscriptionFields.has(live.field)) {
    startPolling();
    return () => {
      stopped = true;
      stopPolling();
    };
  }

  let held: E[] = [];
  let loading = false;
  let generation = 0;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    flushTimer = undefined;
    if (loading || stopped || held.length === 0) return;
    const events = held;
    held = [];
    live.apply(store, events);
  };
  const emit = (event: E) => {
    if (stopped) return;
    held.push(event);
    if (!loading && flushTimer === undefined) flushTimer = setTimeout(flush, live.coalesceMs ?? 0);
  };
  const resync = async () => {
    stopPolling();
    if (!feed.snapshot) return;
    const mine = ++generation;
    loading = true;
    await Promise.all([feed.snapshot(client, store).catch(() => undefined), loadHistory()]);
    // A reconnect during the load started a newer snapshot: that one releases the held events.
    if (mine !== generation) return;
    loading = false;
    flush();
  };

  const offConnected = ctx.socket.on('connected', () => void resync());
  const offClosed = ctx.socket.on('closed', startPolling);
  const unsubscribe = live.subscribe(client, emit);
  if (ctx.socket.isOpen()) void resync();
  return () => {
    stopped = true;
    stopPolling();
    clearTimeout(flushTimer);
    offConnected();
    offClosed();
    unsubscribe();
  };
}
