import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { buildCsr, kahn, orderOf } from '../src/graph.js';
import { fromGraph } from '../src/normalize.js';

describe('buildCsr', () => {
  test.prop([
    fc.array(fc.constantFrom('', 'a', 'b', 'c', 'd'), { maxLength: 12 }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'x', ''), fc.constantFrom('a', 'c', 'd', '')), {
      maxLength: 12,
    }),
  ])(
    'indexOf maps each non-empty id to its first node; ids agrees; edge ends resolve through it',
    (ids, ends) => {
      const workflow = fromGraph({
        id: 'w',
        nodes: ids.map((id) => ({ id })),
        connections: ends.map(([source, target]) => ({ source, target })),
      });
      const csr = buildCsr(workflow);
      const expected = new Map<string, number>();
      ids.forEach((id, i) => {
        if (id !== '' && !expected.has(id)) expected.set(id, i);
      });
      expect(csr.indexOf).toEqual(expected);
      expect(csr.indexOf).toBe(csr.indexOf);
      for (const id of [...ids, 'x', '']) expect(csr.ids.get(id)).toBe(expected.get(id) ?? -1);
      ends.forEach(([source, target], e) => {
        expect(csr.edgeSource[e]).toBe(expected.get(source) ?? -1);
        expect(csr.edgeTarget[e]).toBe(expected.get(target) ?? -1);
      });
      expect(buildCsr(workflow)).toBe(csr);
      expect(orderOf(csr)).toEqual(kahn(csr));
      expect(orderOf(csr)).toBe(orderOf(csr));
    },
  );
});
