// The PWA origin the bridge may serve: one exact origin, https or local http.
import { describe, expect, it } from 'vitest';
import { pwaOriginProblem } from '../../../extension/settings.ts';

describe('pwaOriginProblem', () => {
  it('accepts exact origins served over https, or http on this machine', () => {
    for (const origin of ['http://localhost:4173', 'http://127.0.0.1:8080', 'https://second-shot.example.org']) expect(pwaOriginProblem(origin), origin).toBeNull();
  });

  it('refuses paths, other schemes, plain http elsewhere and non-URLs, saying how to write it', () => {
    expect(pwaOriginProblem('http://localhost:4173/')).toBe('write only the origin, like http://localhost:4173: no path, no trailing slash');
    expect(pwaOriginProblem('http://pwa.example.org')).toBe('the PWA must be served over https (or http on localhost)');
    expect(pwaOriginProblem('file:///tmp/index.html')).toBe('write only the origin, like http://localhost:4173: no path, no trailing slash');
    expect(pwaOriginProblem('localhost:4173')).toBe('write only the origin, like http://localhost:4173: no path, no trailing slash');
    expect(pwaOriginProblem('not a url')).toBe('"not a url" is not a URL; write it like http://localhost:4173');
  });
});
