import { isIP } from 'node:net';
import { JobkitError } from '../errors.js';

/**
 * Whether binding this address keeps the mock on this machine. Names other than `localhost` count
 * as reaching further: what they resolve to is not known here, and guessing wrong opens the admin API.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    // The URL parser writes an IPv6 address in its one short form (::ffff:127.0.0.1 becomes ::ffff:7f00:1).
    // A zone id (fe80::1%eth0) does not parse: a link-local address, not loopback anyway.
    const short = URL.canParse(`http://[${h}]`) ? new URL(`http://[${h}]`).hostname : '';
    return short === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(short);
  }
  return false;
}

/** The address to bind: an empty one is refused, since Node would read it as every interface. */
export function bindHost(host: string | undefined): string {
  if (host === undefined) return '127.0.0.1';
  if (host.trim() === '')
    throw new JobkitError(
      'usage',
      '--host must name an address (127.0.0.1, ::1, 0.0.0.0, …); an empty one would bind every interface.',
    );
  return host.trim();
}

/** The origins a page served by this mock itself would send (where the control panel lives). */
export function ownOrigins(host: string, port: number): string[] {
  if (isLoopbackHost(host))
    return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  return [`http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`];
}

/** Why the admin API is closed on a bind beyond loopback with no token; undefined when it is open. */
export function closedReason(
  host: string,
  options: { token?: string; unsafe?: boolean },
): string | undefined {
  if (isLoopbackHost(host) || options.token !== undefined || options.unsafe) return undefined;
  return `The admin API is closed: the mock listens on ${host}, beyond this machine, with no token. Restart it with --admin-token TOKEN (or --unsafe-admin to accept the risk).`;
}
