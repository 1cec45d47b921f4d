import fc from 'fast-check';

// Property tests run on one seed, so CI is deterministic; JOBKIT_FC_SEED=<n> explores others
// (a failure prints its seed and shrunk counterexample: keep it as a regression example).
const seed = Number(process.env.JOBKIT_FC_SEED ?? 20261201);
fc.configureGlobal({ seed });
