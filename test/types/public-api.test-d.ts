import { describe, expectTypeOf, it } from 'vitest';
import {
  type CaseResult,
  type CheckReport,
  checkJob,
  checkRecording,
  checkSequence,
  createManualClock,
  createMockApp,
  createMockServer,
  formatReport,
  type JobkitError,
  type JobkitErrorCode,
  loadVendors,
  type MockServer,
  type Registry,
  type RuleId,
  type ValidateOptions,
  type ValidationResult,
  type Vendor,
  type Violation,
  validate,
} from '../../src/index.js';

// Compile-time pins of the public API: `npm run typecheck` fails when a signature drifts.
describe('public API types', () => {
  it('vendors', () => {
    expectTypeOf(loadVendors)
      .parameter(0)
      .toEqualTypeOf<{ dirs?: string[]; builtins?: boolean } | undefined>();
    expectTypeOf(loadVendors()).toEqualTypeOf<Registry>();
    expectTypeOf(validate).toEqualTypeOf<
      (vendor: string | Vendor, body: unknown, options?: ValidateOptions) => ValidationResult
    >();
    expectTypeOf<ValidateOptions>().toEqualTypeOf<{ schema?: string; strict?: boolean }>();
    expectTypeOf<ValidationResult['issues'][number]>().toHaveProperty('pointer').toEqualTypeOf<string>();
  });

  it('the mock', () => {
    expectTypeOf(createMockServer).returns.toEqualTypeOf<Promise<MockServer>>();
    expectTypeOf<MockServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<MockServer['close']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<MockServer>().toHaveProperty('clock');
    expectTypeOf<MockServer>().toHaveProperty('jobs');
    expectTypeOf<MockServer>().toHaveProperty('faults');
    expectTypeOf(createMockApp).returns.toHaveProperty('app');
    expectTypeOf(createMockApp).parameter(0).toHaveProperty('registry').toEqualTypeOf<Registry>();
    expectTypeOf(createManualClock).returns.toHaveProperty('advance').toEqualTypeOf<(ms: number) => void>();
  });

  it('the runner', () => {
    expectTypeOf(checkJob).returns.toEqualTypeOf<Promise<CaseResult>>();
    expectTypeOf(checkJob).parameter(0).toHaveProperty('url').toEqualTypeOf<string>();
    expectTypeOf(checkJob).parameter(0).toHaveProperty('vendor').toEqualTypeOf<Vendor>();
    expectTypeOf(checkRecording).returns.toEqualTypeOf<Promise<CheckReport>>();
    const vendor = {} as Vendor;
    expectTypeOf(checkSequence(vendor, [{}, {}])).toEqualTypeOf<CaseResult>();
    const bodies = {} as AsyncIterable<unknown>;
    expectTypeOf(checkSequence(vendor, bodies)).toEqualTypeOf<Promise<CaseResult>>();
    expectTypeOf<CaseResult['violations']>().toEqualTypeOf<Violation[]>();
    expectTypeOf<Violation['rule']>().toEqualTypeOf<RuleId>();
    expectTypeOf(formatReport)
      .parameter(1)
      .toEqualTypeOf<{ format?: 'text' | 'json' | 'junit'; color?: boolean } | undefined>();
    expectTypeOf(formatReport).returns.toEqualTypeOf<string>();
  });

  it('errors', () => {
    expectTypeOf<JobkitError['code']>().toEqualTypeOf<JobkitErrorCode>();
    expectTypeOf<JobkitError['file']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<JobkitError['pointer']>().toEqualTypeOf<string | undefined>();
  });
});
