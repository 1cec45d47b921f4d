import { describe, expect, it } from 'vitest';
import { reachability } from '../../src/lifecycle/transitions.js';

describe('reachability: state names are own keys', () => {
  it('a state named "__proto__" is a state, not the prototype', () => {
    const transitions = JSON.parse('{"queued": ["__proto__"], "__proto__": ["done"]}');
    const reach = reachability(transitions);
    expect(Object.keys(reach).sort()).toEqual(['__proto__', 'queued']);
    expect([...(reach.queued ?? [])].sort()).toEqual(['__proto__', 'done']);
    expect(Object.hasOwn(reach, '__proto__')).toBe(true);
    expect(Object.hasOwn(reach, 'constructor')).toBe(false);
  });

  it('a transition to an inherited name leads nowhere further', () => {
    const reach = reachability({ queued: ['constructor'] });
    expect([...(reach.queued ?? [])]).toEqual(['constructor']);
  });
});
