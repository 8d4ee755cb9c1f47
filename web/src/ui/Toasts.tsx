import { useEffect, useRef, useState } from 'react';
import type { CityStore } from '../data/city-store.js';

/** Announces new critical incidents and health alerts; each toast disappears after 8 s. */
export function Toasts({ store }: { store: CityStore }) {
  const [toasts, setToasts] = useState<{ id: string; text: string }[]>([]);
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const check = () => {
      const items = [
        ...store.incidents
          .filter((i) => i.severity === 'critical')
          .map((i) => ({ id: `i:${i.id}`, text: `Critical ${i.type}: ${i.description}` })),
        ...store.alerts.map((a) => ({ id: `a:${a.id}`, text: `Health alert: ${a.message}` })),
      ];
      // Whatever exists when the console opens is not "new".
      if (!seen.current) {
        seen.current = new Set(items.map((i) => i.id));
        return;
      }
      const fresh = items.filter((i) => !seen.current!.has(i.id));
      fresh.forEach((i) => seen.current!.add(i.id));
      if (fresh.length === 0) return;
      setToasts((t) => [...t, ...fresh].slice(-4));
      setTimeout(() => setToasts((t) => t.filter((x) => !fresh.includes(x))), 8_000);
    };
    const stops = [store.subscribe('incidents', check), store.subscribe('air', check)];
    return () => stops.forEach((s) => s());
  }, [store]);
  return (
    <div className="toasts" role="log" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          {t.text}
        </div>
      ))}
    </div>
  );
}
