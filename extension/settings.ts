// Settings shared by the service worker, the options page and the build.

export const DEFAULT_PWA_ORIGIN = 'http://localhost:4173';

/** An exact http(s) origin the bridge may serve, or why not. */
export function pwaOriginProblem(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not a URL; write it like ${DEFAULT_PWA_ORIGIN}`;
  }
  if (url.origin !== origin) return `write only the origin, like ${url.origin === 'null' ? DEFAULT_PWA_ORIGIN : url.origin}: no path, no trailing slash`;
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'the PWA must be served over https (or http on localhost)';
  return null;
}
