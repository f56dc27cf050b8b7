import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0crx-script:';

/**
 * crxjs builds `import file from './x.iife.ts?script&iife'` as a script of its own and gives its
 * file name (the service worker registers the PWA bridge so). Unit tests have no crxjs: the
 * source's path relative to `root` stands in for the name, and the script is not run.
 */
export function crxScriptImports(root: string): Plugin {
  return {
    name: 'second-shot:crx-script-imports',
    enforce: 'pre',
    resolveId(id, importer) {
      const [path, query] = id.split('?');
      if (path === undefined || importer === undefined || !query?.split('&').includes('script')) return null;
      return `${PREFIX}${relative(root, resolve(dirname(importer), path))}`;
    },
    load(id) {
      return id.startsWith(PREFIX) ? `export default ${JSON.stringify(id.slice(PREFIX.length))};` : null;
    },
  };
}
