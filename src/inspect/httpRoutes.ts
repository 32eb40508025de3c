import type { IncomingMessage, ServerResponse } from 'node:http';
import { faviconIco } from './favicon.js';
import type { PageAssets } from './pageAssets.js';

/** What the relay's HTTP side needs. */
export interface RouteContext {
  readonly assets: () => Promise<PageAssets>;
  readonly stats: () => unknown;
  readonly onAssetError: (error: unknown) => void;
}

function contentSecurityPolicy(host: string): string {
  // Everything from this server and nothing else: the page must work with no internet, and this proves it.
  return [
    "default-src 'self'", `connect-src 'self' ws://${host}`, "img-src 'self' data:", "style-src 'self'",
    "script-src 'self'", "worker-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

type Asset = { readonly type: string; readonly body: (assets: PageAssets) => string };

const ASSETS: Readonly<Record<string, Asset>> = {
  '/': { type: 'text/html; charset=utf-8', body: (assets) => assets.html },
  '/index.html': { type: 'text/html; charset=utf-8', body: (assets) => assets.html },
  '/visualizer.js': { type: 'text/javascript; charset=utf-8', body: (assets) => assets.script },
  '/visualizer.css': { type: 'text/css; charset=utf-8', body: (assets) => assets.css },
  '/elk-worker.js': { type: 'text/javascript; charset=utf-8', body: (assets) => assets.elkWorker },
};

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  response.end(head ? undefined : body);
}

/**
 * Serves the page (`/`, its script, stylesheet and layout worker), `/favicon.ico` and `/stats` (the relay's
 * counters, JSON).
 * Only GET and HEAD; a missing page file answers 500 with the reason.
 */
export async function handleRequest(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', false, { Allow: 'GET, HEAD' });
    return;
  }
  const head = method === 'HEAD';
  const path = new URL(request.url ?? '/', 'http://relay').pathname;
  if (path === '/stats') {
    send(response, 200, 'application/json; charset=utf-8', JSON.stringify(context.stats()), head);
    return;
  }
  if (path === '/favicon.ico') {
    send(response, 200, 'image/x-icon', faviconIco(), head);
    return;
  }
  const asset = ASSETS[path];
  if (asset === undefined) {
    send(response, 404, 'text/plain; charset=utf-8', `Not found: ${path}\n`, head);
    return;
  }
  let assets: PageAssets;
  try {
    assets = await context.assets();
  } catch (error) {
    context.onAssetError(error);
    send(response, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`, head);
    return;
  }
  const csp: Record<string, string> = asset.type.startsWith('text/html') ? { 'Content-Security-Policy': contentSecurityPolicy(request.headers.host ?? '127.0.0.1') } : {};
  send(response, 200, asset.type, asset.body(assets), head, csp);
}
