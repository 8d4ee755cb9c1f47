import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A side drawer (incident, vehicle, segment details): a non-modal dialog whose close button takes
 * the focus when it opens or shows another item, and which Escape closes.
 */
export function Drawer(props: {
  titleId: string;
  title: ReactNode;
  closeLabel: string;
  /** Focus moves to the close button whenever this changes (the item shown). */
  itemKey: string;
  onClose(): void;
  children: ReactNode;
}) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [props.itemKey]);
  return (
    <aside
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby={props.titleId}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        props.onClose();
      }}
    >
      <header>
        <h2 id={props.titleId}>{props.title}</h2>
        <button ref={close} type="button" onClick={props.onClose} aria-label={props.closeLabel}>
          ×
        </button>
      </header>
      {props.children}
    </aside>
  );
}
