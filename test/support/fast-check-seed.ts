// Property tests run from a fixed seed, so they cover the same cases on every run (a
// mutation killed once is killed every time) and a failure can be replayed. FC_SEED=<n>
// tries other cases; a failure's message names its seed and path either way.
import fc from 'fast-check';

export const DEFAULT_SEED = 20071110;

function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be a whole number, not ${JSON.stringify(value)}`);
  return seed;
}

fc.configureGlobal({ seed: seedFrom(process.env['FC_SEED']) });
