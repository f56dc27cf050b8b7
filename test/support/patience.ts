// How long a test waits for something to appear (expect.poll, testing-library's findBy and
// waitFor) before it fails. The 1 s defaults fail on a loaded two-core CI machine; a wait
// ends as soon as its condition holds, so a long limit costs nothing when all is well.
export const WAIT_MS = 15_000;
