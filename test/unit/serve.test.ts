// The static server behind `npm start`: files as they are, deep links to the app shell,
// and bad requests answered rather than crashing the server.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../cli/serve.ts';

let base = '';
let close: () => void = () => undefined;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>shell</title>');
  mkdirSync(join(root, 'rules'));
  writeFileSync(join(root, 'rules', 'index.json'), '{"files":[]}');
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

  it('answers a malformed address with 400 and keeps serving', async () => {
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });
});
