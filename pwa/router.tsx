// A small History-API router: real paths (deep links work, offline too, through the
// service worker's navigation fallback), no hash fragments.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

/** Asked before the app leaves the current screen; false keeps the user where they are. */
let leaveGuard: (() => boolean) | null = null;
/** The address on screen, to put back when Back or Forward is refused. */
let shown = '';

/** A screen with work that would be lost (the workbench's draft not kept yet) asks before the app leaves it. */
export function guardLeaving(guard: () => boolean): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

function moved(): void {
  shown = location.pathname + location.search;
  listeners.forEach((listener) => listener());
}

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  if (leaveGuard && !leaveGuard()) return;
  history.pushState(null, '', to);
  moved();
}

// Back and Forward have already changed the address when they are heard: staying puts it back.
function onPopState(): void {
  if (leaveGuard && !leaveGuard()) history.pushState(null, '', shown);
  else moved();
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function useLocation(): Location {
  const [where, setWhere] = useState(current);
  useEffect(() => {
    const update = (): void => setWhere(current());
    if (listeners.size === 0) {
      shown = location.pathname + location.search;
      addEventListener('popstate', onPopState);
    }
    listeners.add(update);
    return () => {
      listeners.delete(update);
      if (listeners.size === 0) removeEventListener('popstate', onPopState);
    };
  }, []);
  return where;
}

/** Matches "/vouchers/:id/edit"-style patterns; the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (want.length !== have.length && !(pattern === '/' && path === '/')) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const value = have[i] ?? '';
    if (part.startsWith(':')) {
      const decoded = decodeSegment(value);
      // A malformed address ("%E0%A4%A") names no record: "No such page", not a blank app.
      if (decoded === null) return null;
      params[part.slice(1)] = decoded;
    } else if (part !== value) return null;
  }
  return params;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

interface LinkProps {
  href: string;
  class?: string;
  'aria-current'?: 'page' | undefined;
  children: ComponentChildren;
}

export function Link({ href, children, ...rest }: LinkProps): JSX.Element {
  const follow = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
