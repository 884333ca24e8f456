/** The workbench's letter keys open the form when the action is possible, and say why when it is not. */
import { describe, expect, it } from 'vitest';
import { keyAction } from './shortcuts.js';

describe('keyAction', () => {
  it('opens what is allowed', () => {
    expect(keyAction('a', ['accept', 'reject'], 'dispatcher', 'reported')).toEqual({ open: 'accept' });
    expect(keyAction('v', ['verify'], 'dispatcher', 'handled')).toEqual({ open: 'verify' });
  });
  it('says the role may not (a dispatcher pressing u), or the status does not allow it', () => {
    expect(keyAction('u', ['dispatch'], 'dispatcher', 'accepted')).toEqual({ refuse: '调度员不能催办督办。' });
    expect(keyAction('c', ['accept'], 'dispatcher', 'reported')).toEqual({ refuse: '事件当前为“待受理”，不能结案。' });
  });
  it('ignores other keys', () => {
    expect(keyAction('x', ['accept'], 'dispatcher', 'reported')).toBeNull();
  });
});
