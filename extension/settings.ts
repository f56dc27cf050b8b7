// Settings shared by the service worker, the options page and the build.

export const DEFAULT_PWA_ORIGIN = 'http://localhost:4173';

/** https, or plain http only on this machine. */
function securelyServed(url: URL): boolean {
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  return url.protocol === 'https:' || (url.protocol === 'http:' && local);
}

/** An exact http(s) origin the bridge may serve, or why not. */
export function pwaOriginProblem(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not a URL; write it like ${DEFAULT_PWA_ORIGIN}`;
  }
  if (url.origin !== origin) return `write only the origin, like ${url.origin === 'null' ? DEFAULT_PWA_ORIGIN : url.origin}: no path, no trailing slash`;
  if (!securelyServed(url)) return 'the PWA must be served over https (or http on localhost)';
  return null;
}

/** A rules URL the extension may fetch (an index.json over https, or http on localhost), or why not. */
export function rulesUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL; write it like ${DEFAULT_PWA_ORIGIN}/rules/index.json`;
  }
  if (!securelyServed(url)) return 'rules must be served over https (or http on localhost)';
  if (url.username || url.password || url.search || url.hash) return 'write the address of the index alone: no user name, query or fragment';
  if (!url.pathname.endsWith('/index.json')) return `the address must end with /index.json, like ${url.origin}/rules/index.json`;
  return null;
}
