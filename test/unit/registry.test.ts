import { expect, it } from 'vitest';
import { unimplementedOperations } from '../../core/registry.js';

it('every operation contract in core/api has a handler', () => {
  expect(unimplementedOperations()).toEqual([]);
});
