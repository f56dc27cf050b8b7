// A plain static server over the built PWA (dist/pwa) for `npm start` and the browser tests.
// Files are served as built, as their brotli or gzip copy when the browser takes it (made at
// build time by cli/precompress.ts); any other page address that is not a file (one that
// cannot even be decoded included) falls back to the app shell, so deep links work.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMPRESSIBLE } from './precompress.ts';
import { ROOT } from './rules-on-disk.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const ENCODINGS = [['br', '.br'], ['gzip', '.gz']] as const;

/** A compressed copy, unless the file was replaced after it was made (a rule file edited on the server). */
function freshCopy(file: string, suffix: string): boolean {
  return existsSync(file + suffix) && statSync(file + suffix).mtimeMs >= statSync(file).mtimeMs;
}

/** The best encoding the request accepts (RFC 9110 quality values; q=0 refuses) that has a fresh copy on disk. */
export function chooseEncoding(acceptEncoding: string | undefined, file: string): (typeof ENCODINGS)[number] | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name !== '') accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const quality = (name: string): number => accepted.get(name) ?? accepted.get('*') ?? 0;
  return ENCODINGS.filter(([name, suffix]) => quality(name) > 0 && freshCopy(file, suffix)).sort((a, b) => quality(b[0]) - quality(a[0]))[0];
}

export function serveStatic(folder: string, port: number, host = '127.0.0.1'): Promise<Server> {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    const address = new URL(request.url ?? '/', 'http://localhost').pathname;
    let path: string;
    try {
      path = decodeURIComponent(address);
    } catch {
      // No file has a name that cannot be decoded: a page gets the shell, whose router says "No such page".
      path = extname(address) === '' ? '/' : address;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      const index = join(file, 'index.html');
      // Only page navigations fall back to the shell; a missing asset is a real 404.
      file = existsSync(index) ? index : extname(path) === '' ? join(root, 'index.html') : '';
    }
    if (file === '' || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    const served = file.replaceAll(sep, '/');
    // The service worker and the rules must be revalidated, or updates would never be seen;
    // a file whose name carries its content hash never changes, so it is kept for a year.
    if (/(^|\/)(sw\.js|index\.html)$|\/rules\//.test(served)) headers['cache-control'] = 'no-cache';
    else if (/\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(served)) headers['cache-control'] = 'public, max-age=31536000, immutable';
    let body = file;
    if (COMPRESSIBLE.test(file)) {
      headers['vary'] = 'Accept-Encoding';
      const encoding = chooseEncoding(request.headers['accept-encoding'], file);
      if (encoding) {
        headers['content-encoding'] = encoding[0];
        body = file + encoding[1];
      }
    }
    response.writeHead(200, headers);
    createReadStream(body).pipe(response);
  });
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, host, () => done(server));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const folder = join(ROOT, 'dist', 'pwa');
  const port = Number(process.env['PORT'] ?? 4173);
  if (!existsSync(join(folder, 'index.html'))) {
    process.stderr.write('dist/pwa is not built yet: run npm run build first.\n');
    process.exit(2);
  }
  serveStatic(folder, port, 'localhost').then(
    () => process.stdout.write(`Second Shot is running at http://localhost:${port}\nThe unpacked extension is in dist/extension (chrome://extensions → Load unpacked).\n`),
    (error: unknown) => {
      process.stderr.write(`Cannot serve on port ${port}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
