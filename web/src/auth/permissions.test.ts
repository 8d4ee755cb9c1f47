import { describe, expect, it } from 'vitest';
import { allowedActions } from './permissions.js';

describe('allowedActions', () => {
  it('gives viewers and analysts no incident actions', () => {
    expect(allowedActions(['viewer'])).toEqual([]);
    expect(allowedActions(['analyst'])).toEqual([]);
  });
  it('lets operators acknowledge, dispatch and resolve, and dispatchers acknowledge and dispatch', () => {
    expect(allowedActions(['operator'])).toEqual(['acknowledge', 'dispatch', 'resolve']);
    expect(allowedActions(['dispatcher'])).toEqual(['acknowledge', 'dispatch']);
  });
});
