import type { Job } from '../lifecycle/engine.js';
import type { Examples } from '../mock/actions/index.js';
import type { MockVendor } from '../mock/jobs.js';
import type { MockState } from '../mock/state.js';

/** The moment examples are rendered at, after each example job's creation: mid-lifecycle. */
export const EXAMPLE_AT_MS = 12_000;

/** Example jobs for a vendor: one per scenario, created on the export's own manual clock. */
export class ExampleJobs implements Examples {
  readonly atMs = EXAMPLE_AT_MS;
  private readonly jobs = new Map<string, Job>();
  constructor(
    private readonly state: MockState,
    readonly vendor: MockVendor,
  ) {}

  job(scenario = 'happy'): Job {
    let job = this.jobs.get(scenario);
    if (!job) {
      const names = this.vendor.scenarioList;
      const chosen = names.includes(scenario) ? scenario : (names[0] as string);
      job = this.state.createJob({ vendor: this.vendor.name, scenario: chosen });
      this.jobs.set(scenario, job);
    }
    return job;
  }

  body(at = EXAMPLE_AT_MS, scenario = 'happy'): Record<string, unknown> {
    const job = this.job(scenario);
    return this.vendor.body(job, job.createdAt + at);
  }

  finished(): Record<string, unknown> {
    return this.body(3600_000);
  }
}
