// The static server behind `npm start`: files as they are, deep links to the app shell,
// and bad requests answered rather than crashing the server.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressFolder } from '../../cli/precompress.ts';
import { chooseEncoding, serveStatic } from '../../cli/serve.ts';

const APP = `console.log(${JSON.stringify('Second Shot '.repeat(400))});\n`;

let base = '';
let close: () => void = () => undefined;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>shell</title>');
  mkdirSync(join(root, 'rules'));
  writeFileSync(join(root, 'rules', 'index.json'), '{"files":[]}');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'index-D3eZshIF.js'), APP);
  writeFileSync(join(root, 'assets', 'icon.png'), Buffer.alloc(4096, 7));
  precompressFolder(root);
  const server = await serveStatic(root, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('serveStatic', () => {
  it('serves files with their type, and rules revalidated on every load', async () => {
    const response = await fetch(`${base}/rules/index.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a deep link with the app shell, and a missing asset with 404', async () => {
    expect(await (await fetch(`${base}/vouchers/v1/edit`)).text()).toContain('<title>shell</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it('answers a page address that cannot be decoded with the app shell (its router says "No such page"), an asset one with 404', async () => {
    const page = await fetch(`${base}/vouchers/%E0%A4%A/edit`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>shell</title>');
    expect((await fetch(`${base}/assets/%E0%A4%A.js`)).status).toBe(404);
    expect((await fetch(`${base}/rules/index.json`)).status).toBe(200);
  });

  it('sends the brotli or gzip copy the browser takes, and the file itself otherwise', async () => {
    const asset = `${base}/assets/index-D3eZshIF.js`;
    const brotli = await raw(asset, 'gzip, deflate, br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(APP);
    expect(brotli.body.length).toBeLessThan(APP.length / 10);
    const gzip = await raw(asset, 'gzip;q=1, br;q=0');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(APP);
    const plain = await raw(asset, undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP);
    for (const response of [brotli, gzip, plain]) expect(response.headers['vary']).toBe('Accept-Encoding');
  });

  it('keeps hashed assets for a year and revalidates the rest', async () => {
    expect((await raw(`${base}/assets/index-D3eZshIF.js`, undefined)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw(`${base}/`, undefined)).headers['cache-control']).toBe('no-cache');
  });
});

describe('chooseEncoding', () => {
  const folder = mkdtempSync(join(tmpdir(), 'encodings-'));
  const file = join(folder, 'app.js');
  writeFileSync(file, APP);
  precompressFolder(folder);

  it('prefers what the browser rates highest, and never what it refuses with q=0', () => {
    expect(chooseEncoding('br, gzip', file)?.[0]).toBe('br');
    expect(chooseEncoding('gzip;q=0.9, br;q=0.5', file)?.[0]).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0', file)).toBeUndefined();
    expect(chooseEncoding('*', file)?.[0]).toBe('br');
    expect(chooseEncoding('*;q=0, gzip', file)?.[0]).toBe('gzip');
    expect(chooseEncoding('identity', file)).toBeUndefined();
    expect(chooseEncoding(undefined, file)).toBeUndefined();
  });

  it('only offers a copy that exists and is not older than the file', () => {
    expect(chooseEncoding('br, gzip', join(folder, 'missing.js'))).toBeUndefined();
    const edited = join(folder, 'offer.json');
    writeFileSync(edited, APP);
    precompressFolder(folder);
    expect(chooseEncoding('br', edited)?.[0]).toBe('br');
    // A publisher replaces the file on the server after the build.
    writeFileSync(edited, `${APP} `);
    utimesSync(edited, new Date(), new Date(Date.now() + 60_000));
    expect(chooseEncoding('br, gzip', edited)).toBeUndefined();
  });
});

describe('precompressFolder', () => {
  it('writes brotli and gzip copies of text files that they make smaller, and nothing else', () => {
    const folder = mkdtempSync(join(tmpdir(), 'precompress-'));
    mkdirSync(join(folder, 'assets'));
    writeFileSync(join(folder, 'assets', 'app.js'), APP);
    writeFileSync(join(folder, 'tiny.css'), 'a{}');
    writeFileSync(join(folder, 'photo.png'), Buffer.alloc(4096, 1));
    expect(precompressFolder(folder)).toBe(2);
    expect(gunzipSync(readFileSync(join(folder, 'assets', 'app.js.gz'))).toString()).toBe(APP);
    expect(brotliDecompressSync(readFileSync(join(folder, 'assets', 'app.js.br'))).toString()).toBe(APP);
    expect(existsSync(join(folder, 'tiny.css.br'))).toBe(false);
    expect(existsSync(join(folder, 'photo.png.br'))).toBe(false);
  });
});

/** A request as a browser sends it, with the body as sent (fetch would decompress it). */
function raw(url: string, acceptEncoding: string | undefined): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, failed) => {
    get(url, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', failed);
  });
}
