import { isJobkitError, JobkitError } from '../errors.js';
import { adminChecks } from '../mock/admin/schemas.js';
import type { Fault } from '../mock/faults.js';
import type { MockState } from '../mock/state.js';
import type { JobkitConfig } from './load.js';

/**
 * The config's faults and jobs, put into a fresh mock state. Each is checked as the admin API
 * checks it, against the vendors served, and a problem names the file and the entry's pointer.
 */
export function preload(
  state: MockState,
  config: JobkitConfig,
  options: { skipHeldJobs?: boolean } = {},
): void {
  const fail = (pointer: string, message: string): never => {
    throw new JobkitError('input', `${config.file}: ${pointer}: ${message}`, { file: config.file, pointer });
  };
  const checks = adminChecks(state);
  (config.faults ?? []).forEach((fault, i) => {
    const refused = checks.fault(fault);
    if (refused) fail(`/faults/${i}`, refused.message);
    state.faults.add(fault as Omit<Fault, 'id'>);
  });
  (config.jobs ?? []).forEach((job, i) => {
    const refused = checks.jobs(job as unknown as Record<string, unknown>);
    if (refused) fail(`/jobs/${i}`, refused.message);
    if (options.skipHeldJobs && job.id !== undefined && state.store.get(job.vendor, job.id)) return;
    try {
      state.createJob(job);
    } catch (error) {
      if (!isJobkitError(error)) throw error;
      fail(`/jobs/${i}`, error.message);
    }
  });
}
