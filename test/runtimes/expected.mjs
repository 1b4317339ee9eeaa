// The SHA-256 of the reproducible run's final parameters (test/runtimes/reproducible-run.mjs):
// every runtime must print exactly this. It may change only when a kernel, an op or the run
// itself changes on purpose; then print the new value with `npm run repro:hash`, check that
// every runtime agrees (`npx mocha test/node/runtimes.test.mjs`), and commit it together with
// the change that explains it.
export default {
  sha256: 'd0660bcaa9bb29d58ce64a2d1892b8be864b40d98f05e31faba2230755b52c7d',
};
