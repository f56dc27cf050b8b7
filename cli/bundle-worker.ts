// Worker threads do not run TypeScript through tsx's loader, so a TypeScript worker is bundled
// to one ES module first (about a tenth of a second with esbuild).

import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './rules-on-disk.ts';

export async function bundleWorker(entry: URL, cacheFolder: string): Promise<string> {
  // Inside the project, so that the bundle's imports of packages resolve to node_modules.
  const outfile = join(ROOT, 'node_modules', '.cache', cacheFolder, basename(fileURLToPath(entry)).replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [fileURLToPath(entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}
