// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Drawer } from './Drawer.js';

afterEach(cleanup);

const drawer = (itemKey: string, onClose = vi.fn()) => (
  <Drawer
    titleId="t"
    title={`Item ${itemKey}`}
    closeLabel="Close item"
    itemKey={itemKey}
    onClose={onClose}
  >
    <button type="button">Inside</button>
  </Drawer>
);

describe('drawer', () => {
  it('is a labelled dialog whose close button takes the focus, again for another item', () => {
    const { rerender } = render(drawer('a'));
    expect(screen.getByRole('dialog', { name: 'Item a' })).toBeTruthy();
    const close = screen.getByRole('button', { name: 'Close item' });
    expect(document.activeElement).toBe(close);
    screen.getByRole('button', { name: 'Inside' }).focus();
    rerender(drawer('a'));
    expect(document.activeElement).not.toBe(close);
    rerender(drawer('b'));
    expect(document.activeElement).toBe(close);
  });

  it('closes on Escape from anywhere inside and on its close button', () => {
    const onClose = vi.fn();
    render(drawer('a', onClose));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Inside' }), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Inside' }), { key: 'Enter' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close item' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
