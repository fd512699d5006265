import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) },
    out,
    err,
  };
}

describe('main', () => {
  it('prints the version', async () => {
    const c = capture();
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.out.join('')).toMatch(/\d+\.\d+\.\d+/);
  });
  it('exits 2 on unknown arguments', async () => {
    const c = capture();
    expect(await main(['--nope'], c.io)).toBe(2);
    expect(c.err.join('')).toContain('--nope');
  });
});
