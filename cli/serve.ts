// A plain static server over the built PWA (dist/pwa) for `npm start` and the browser tests.
// Files are served as they are; any other path that is not a file falls back to the app
// shell, so deep links work.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
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

export function serveStatic(folder: string, port: number, host = '127.0.0.1'): Promise<Server> {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request: the address is not valid');
      return;
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
    // The service worker and the rules must be revalidated, or updates would never be seen.
    if (/(^|\/)(sw\.js|index\.html)$|\/rules\//.test(file.replaceAll(sep, '/'))) headers['cache-control'] = 'no-cache';
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
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
