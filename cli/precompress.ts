// Brotli and gzip copies of the built app's text files, made once at build time so that the
// server sends compressed bytes without compressing on every request (cli/serve.ts picks them).

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|webmanifest|txt)$/;
/** Below this, the compressed copy and its header save less than they cost. */
const SMALLEST = 1024;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Writes `x.br` and `x.gz` beside every compressible file of `folder` that they make smaller. */
export function precompressFolder(folder: string): number {
  let written = 0;
  for (const file of filesUnder(folder)) {
    if (!COMPRESSIBLE.test(file) || statSync(file).size < SMALLEST) continue;
    const source = readFileSync(file);
    const copies: [string, Buffer][] = [
      ['.br', brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } })],
      ['.gz', gzipSync(source, { level: constants.Z_BEST_COMPRESSION })],
    ];
    for (const [suffix, bytes] of copies) {
      if (bytes.length >= source.length) continue;
      writeFileSync(file + suffix, bytes);
      written++;
    }
  }
  return written;
}

/** The Vite plugin: compresses the output folder once every other plugin has written to it. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'second-shot:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        precompressFolder(outDir);
      },
    },
  };
}
