import { useEffect, useMemo } from 'react';
import { useQuery } from 'urql';
import { SegmentDetailQuery, VehicleDetailQuery } from '../graphql/operations.js';
import { Drawer } from '../ui/Drawer.js';
import { Sparkline } from '../ui/Sparkline.js';

const window = (minutes: number) => {
  const to = new Date();
  return { from: new Date(to.getTime() - minutes * 60_000).toISOString(), to: to.toISOString() };
};

/** A vehicle with its last 15 minutes of track points (drawn on the map through `onTrack`). */
export function VehicleDetails({
  id,
  onClose,
  onTrack,
}: {
  id: string;
  onClose(): void;
  onTrack(points: readonly [number, number][]): void;
}) {
  const range = useMemo(() => window(15), [id]);
  const [{ data, fetching, error }] = useQuery({
    query: VehicleDetailQuery,
    variables: { id, ...range },
  });
  const v = data?.vehicle;
  const track = useMemo(() => v?.track.edges ?? [], [v]);
  useEffect(() => {
    onTrack(track.map((e) => [e.node.position.longitude, e.node.position.latitude]));
  }, [track, onTrack]);
  return (
    <Drawer
      titleId="vehicle-title"
      title={`Vehicle ${id}`}
      closeLabel="Close vehicle details"
      itemKey={id}
      onClose={onClose}
    >
      {fetching && <p className="muted">Loading…</p>}
      {error && <p role="alert">{error.message}</p>}
      {v && (
        <dl className="facts">
          <dt>Type</dt>
          <dd>{v.type.toLowerCase()}</dd>
          <dt>Speed</dt>
          <dd>
            {v.speed.toFixed(0)} km/h{v.speeding ? ' (speeding)' : ''}
          </dd>
          <dt>Road</dt>
          <dd>{v.roadSegment?.name ?? '–'}</dd>
          <dt>Vehicle</dt>
          <dd>{v.telemetry ? `${v.telemetry.make} ${v.telemetry.model}` : '–'}</dd>
          <dt>Track (15 min)</dt>
          <dd data-testid="track-points">
            {track.length} points{track.length > 1 ? ', drawn on the map' : ''}
          </dd>
        </dl>
      )}
    </Drawer>
  );
}

/** A road segment with its speed over the last hour as a chart. */
export function SegmentDetails({ id, onClose }: { id: string; onClose(): void }) {
  const range = useMemo(() => window(60), [id]);
  const [{ data, error }] = useQuery({ query: SegmentDetailQuery, variables: { id, ...range } });
  const s = data?.roadSegment;
  const speeds = (s?.speedHistory.edges ?? []).map((e) => e.node.meanSpeed ?? 0);
  return (
    <Drawer
      titleId="segment-title"
      title={s?.name ?? `Segment ${id}`}
      closeLabel="Close segment details"
      itemKey={id}
      onClose={onClose}
    >
      {error && <p role="alert">{error.message}</p>}
      {s && (
        <dl className="facts">
          <dt>Class</dt>
          <dd>{s.class}</dd>
          <dt>Speed now</dt>
          <dd>
            {s.currentSpeed?.toFixed(0) ?? '–'} / {s.speedLimit.toFixed(0)} km/h
          </dd>
          <dt>LOS</dt>
          <dd>{s.los ?? '–'}</dd>
        </dl>
      )}
      <h3>Speed, last hour</h3>
      <Sparkline values={speeds} label="Mean speed" />
    </Drawer>
  );
}
