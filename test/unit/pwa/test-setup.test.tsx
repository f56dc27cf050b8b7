// testing-library's waits outlast its 1 s default, which fails on a loaded two-core machine.
import { waitFor } from '@testing-library/preact';
import { expect, it } from 'vitest';

it('lets testing-library wait longer than the 1 s default', async () => {
  const start = Date.now();
  await waitFor(() => expect(Date.now() - start).toBeGreaterThan(1500));
});
