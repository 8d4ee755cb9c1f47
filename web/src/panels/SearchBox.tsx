import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { VehicleSearchQuery } from '../graphql/operations.js';
import { searchStreets, type StreetIndexEntry } from './search.js';

let streetIndex: Promise<StreetIndexEntry[]> | null = null;
function loadStreetIndex(): Promise<StreetIndexEntry[]> {
  streetIndex ??= fetch('/city/streets.geojson')
    .then(
      (r) =>
        r.json() as Promise<{
          features: {
            id: number;
            properties: { n: string };
            geometry: { coordinates: number[][] };
          }[];
        }>,
    )
    .then((fc) =>
      fc.features
        .filter((f) => f.properties.n)
        .map((f) => {
          const mid = f.geometry.coordinates[Math.floor(f.geometry.coordinates.length / 2)]!;
          return { id: f.id, name: f.properties.n, lon: mid[0]!, lat: mid[1]! };
        }),
    );
  return streetIndex;
}

/**
 * Search by vehicle id (exact, via the gateway: the map flies there and its details open) or
 * street name (local index: the map flies to the best match).
 */
export function SearchBox(props: {
  onFocus(lonLat: [number, number], label: string): void;
  onVehicle(id: string): void;
}) {
  const client = useClient();
  const [text, setText] = useState('');
  const [streets, setStreets] = useState<StreetIndexEntry[]>([]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    let live = true;
    if (text.trim().length < 2) return setStreets([]);
    void loadStreetIndex().then((index) => live && setStreets(searchStreets(index, text)));
    return () => {
      live = false;
    };
  }, [text]);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const { data } = await client.query(VehicleSearchQuery, { id: text.trim() }).toPromise();
    if (data?.vehicle) {
      setMessage(`${data.vehicle.type.toLowerCase()} ${data.vehicle.id}`);
      props.onFocus(
        [data.vehicle.position.longitude, data.vehicle.position.latitude],
        data.vehicle.id,
      );
      props.onVehicle(data.vehicle.id);
    } else if (streets[0]) {
      props.onFocus([streets[0].lon, streets[0].lat], streets[0].name);
      setMessage(streets[0].name);
    } else setMessage('No vehicle or street found.');
  }
  return (
    <form className="search" role="search" onSubmit={(e) => void submit(e)}>
      <label htmlFor="search-input" className="sr-only">
        Search vehicle id or street
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Vehicle id or street"
        value={text}
        list="street-suggestions"
        onChange={(e) => setText(e.target.value)}
      />
      <datalist id="street-suggestions">
        {streets.map((s) => (
          <option key={s.id} value={s.name} />
        ))}
      </datalist>
      <output aria-live="polite" className="muted">
        {message}
      </output>
    </form>
  );
}
