import { type Context, Hono } from 'hono';
import type { MockEnv } from '../body.js';
import { PANEL_HTML } from './page.js';
import { PANEL_SCRIPT } from './script.js';

/** The page loads nothing but its own script, and talks to nothing but the mock it came from. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const page = () =>
  new Response(PANEL_HTML, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
  });

/**
 * A browser navigating to /__jobkit/ asks for HTML first: it gets the panel. Every other client
 * (curl, fetch, tests) keeps the JSON index it had.
 */
export function wantsPanel(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return accept.split(',', 1)[0]?.trim().toLowerCase().startsWith('text/html') === true;
}

export interface Panel {
  /** /panel (the page, whatever Accept says) and /panel.js. */
  app: Hono<MockEnv>;
  /** The page, for the admin index to answer a browser with. */
  page: () => Response;
}

/** The control panel: one static page and its script, served by the mock (no build step for users). */
export function createPanel(): Panel {
  const app = new Hono<MockEnv>();
  app.get('/panel', page);
  app.get(
    '/panel.js',
    () =>
      new Response(PANEL_SCRIPT, {
        status: 200,
        headers: { 'content-type': 'text/javascript; charset=utf-8', ...SECURITY_HEADERS },
      }),
  );
  return { app, page };
}
