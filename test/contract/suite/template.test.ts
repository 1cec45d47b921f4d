import { describe, expect, it } from 'vitest';
import { type StepContext, SuiteStepError, substitute } from '../../../src/contract/suite/template.js';

/** Suite variables are own names: `{constructor}` is undefined unless the suite defines it. */
const ctx = (vars: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): StepContext => ({
  base: undefined,
  vars,
  env,
  headers: {},
});

describe('substitute: own variables only', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    '{%s} undefined is a step error',
    (name) => {
      expect(() => substitute(`/jobs/{${name}}`, ctx())).toThrow(SuiteStepError);
      expect(() => substitute(`/jobs/{${name}}`, ctx())).toThrow(`{${name}} has no value`);
    },
  );

  it('{env.constructor} undefined is a step error, also against the real environment', () => {
    expect(() => substitute('{env.constructor}', ctx({}, process.env))).toThrow(
      'set the environment variable constructor',
    );
  });

  it('a variable defined under such a name is used', () => {
    expect(substitute('/jobs/{constructor}', ctx({ constructor: 'c1' }))).toBe('/jobs/c1');
    expect(substitute('{id}-{env.HOME_X}', ctx({ id: 'j' }, { HOME_X: 'h' }))).toBe('j-h');
  });
});
