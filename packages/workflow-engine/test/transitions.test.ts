import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import {
  EXECUTION_TRANSITIONS,
  STEP_TRANSITIONS,
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
  canTransition,
  getValidTransitions,
  isTerminalStatus,
  transition,
} from '../src/transitions.js';
import { EXECUTION_STATUSES, STEP_STATUSES } from '../src/statuses.js';
import { IllegalTransitionError, isIllegalTransitionError } from '../src/errors.js';

describe('transitions', () => {
  describe('tables', () => {
    it('has a row for every status of each machine', () => {
      expect(Object.keys(EXECUTION_TRANSITIONS).sort()).toEqual([...EXECUTION_STATUSES].sort());
      expect(Object.keys(STEP_TRANSITIONS).sort()).toEqual([...STEP_STATUSES].sort());
    });

    it('matches the spec table', () => {
      expect(EXECUTION_TRANSITIONS.PENDING).toEqual(['RUNNING', 'CANCELLED']);
      expect(EXECUTION_TRANSITIONS.PAUSED).toEqual(['RUNNING', 'CANCELLED']);
      expect(STEP_TRANSITIONS.RETRYING).toEqual(['RUNNING', 'CANCELLED']);
      expect(STEP_TRANSITIONS.PENDING).toContain('PAUSED');
      expect(STEP_TRANSITIONS.RUNNING).not.toContain('PAUSED');
    });

    it('makes terminal statuses absorbing', () => {
      for (const s of TERMINAL_EXECUTION_STATUSES) expect(EXECUTION_TRANSITIONS[s]).toEqual([]);
      for (const s of TERMINAL_STEP_STATUSES) expect(STEP_TRANSITIONS[s]).toEqual([]);
      for (const s of EXECUTION_STATUSES) {
        expect(isTerminalStatus(s)).toBe(EXECUTION_TRANSITIONS[s].length === 0);
      }
      for (const s of STEP_STATUSES) {
        expect(isTerminalStatus(s, 'step')).toBe(STEP_TRANSITIONS[s].length === 0);
      }
    });

    it('is frozen', () => {
      expect(Object.isFrozen(EXECUTION_TRANSITIONS)).toBe(true);
      expect(Object.isFrozen(STEP_TRANSITIONS.PENDING)).toBe(true);
    });
  });

  describe('getValidTransitions', () => {
    it('returns the row of the machine', () => {
      expect(getValidTransitions('RUNNING')).toEqual(EXECUTION_TRANSITIONS.RUNNING);
      expect(getValidTransitions('RUNNING', 'step')).toEqual(STEP_TRANSITIONS.RUNNING);
    });

    it('rejects a status of another machine', () => {
      expect(() => getValidTransitions('RETRYING', 'execution')).toThrow(TypeError);
      expect(() => getValidTransitions('PARTIAL', 'step')).toThrow(/received "PARTIAL"/);
    });

    it('names every status the machine knows in the error', () => {
      expect(() => getValidTransitions('RETRYING')).toThrow(
        new TypeError(
          `Unknown execution status: expected one of ${EXECUTION_STATUSES.join(', ')}, received "RETRYING"`,
        ),
      );
    });
  });

  describe('defaults to the execution machine', () => {
    it('canTransition and isTerminalStatus read the execution table without a machine', () => {
      // RUNNING → PAUSED is an execution transition; a running step is never paused.
      expect(canTransition('RUNNING', 'PAUSED')).toBe(true);
      expect(canTransition('RUNNING', 'PAUSED', 'step')).toBe(false);
      expect(isTerminalStatus('PARTIAL')).toBe(true);
    });
  });

  describe('transition', () => {
    it('returns the target of a legal move', () => {
      expect(transition('PENDING', 'RUNNING')).toBe('RUNNING');
      expect(transition('RETRYING', 'RUNNING', 'step')).toBe('RUNNING');
    });

    it('throws IllegalTransitionError with from/to for an illegal move', () => {
      let caught: unknown;
      try {
        transition('COMPLETED', 'RUNNING');
      } catch (error) {
        caught = error;
      }
      expect(isIllegalTransitionError(caught)).toBe(true);
      expect(caught).toBeInstanceOf(IllegalTransitionError);
      expect(caught).toMatchObject({
        code: 'WORKFLOW_ILLEGAL_TRANSITION',
        machine: 'execution',
        from: 'COMPLETED',
        to: 'RUNNING',
      });
    });

    test.prop([
      fc.constantFrom(...STEP_STATUSES),
      fc.constantFrom(...STEP_STATUSES),
      fc.constantFrom('execution' as const, 'step' as const),
    ])('agrees with canTransition and the tables', (from, to, machine) => {
      const row = (machine === 'execution' ? EXECUTION_TRANSITIONS : STEP_TRANSITIONS) as Record<
        string,
        readonly string[] | undefined
      >;
      const legal = row[from]?.includes(to) ?? false;
      expect(canTransition(from, to, machine)).toBe(legal);
      if (legal) expect(transition(from, to, machine)).toBe(to);
      else expect(() => transition(from, to, machine)).toThrow(IllegalTransitionError);
    });
  });
});
