import { describe, expect, it } from 'vitest';
import { toMermaid } from '../src/mermaid.js';
import { STEP_STATUSES } from '../src/statuses.js';

describe('toMermaid', () => {
  const def = {
    id: 'w',
    nodes: [{ id: 'a', title: 'Fetch "data"' }, { id: 'b' }, { id: 'c|x', title: 'c|x' }],
    connections: [
      { source: 'a', target: 'b', condition: '${a.n} > 1 && ${a.s} == "<x>"' },
      { source: 'a', target: 'c|x' },
      { source: 'a', target: 'ghost' },
    ],
  };

  it('draws nodes, edges with escaped labels and one classDef per status', () => {
    const text = toMermaid(def);
    expect(text.split('\n')).toEqual([
      'flowchart TD',
      '  n0["Fetch #quot;data#quot; (a)"]',
      '  n1["b"]',
      '  n2["c#124;x"]',
      '  n0 -->|"${a.n} #gt; 1 #amp;#amp; ${a.s} == #quot;#lt;x#gt;#quot;"| n1',
      '  n0 --> n2',
      ...STEP_STATUSES.map(
        (s) => expect.stringMatching(new RegExp(`^  classDef ${s} fill:`)) as unknown as string,
      ),
      '',
    ]);
  });

  it('folds a run of line breaks into one space, skips edges from unknown steps, keys a duplicate id to its first node', () => {
    const text = toMermaid({
      id: 'w',
      nodes: [{ id: 'a', title: 'x\r\n\ny' }, { id: 'b' }, { id: 'a' }],
      connections: [
        { source: 'ghost', target: 'b' },
        { source: 'a', target: 'b' },
      ],
    });
    expect(text.split('\n').slice(0, 5)).toEqual([
      'flowchart TD',
      '  n0["x y (a)"]',
      '  n1["b"]',
      '  n2["a"]',
      '  n0 --> n1',
    ]);
  });

  it('assigns classes from the state and draws ordering edges dotted', () => {
    const text = toMermaid(
      { id: 's', steps: [{ id: 'one', name: 'One\nline' }, { id: 'two' }, { id: 'three' }] },
      { steps: { one: 'COMPLETED', two: 'COMPLETED', three: 'FAILED' } },
    );
    expect(text).toContain('  n0["One line (one)"]');
    expect(text).toContain('  n0 -.-> n1');
    expect(text).toContain('  class n0,n1 COMPLETED');
    expect(text).toContain('  class n2 FAILED');
    expect(text).not.toContain('class n2 COMPLETED');
    expect(text.match(/^ {2}class /gm)).toHaveLength(2);
  });
});
