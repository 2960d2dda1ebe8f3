/**
 * The upstream endpoint: HTTPS always, except plain HTTP to this machine (the reference ingest
 * server in tests and the benchmark). Anything else over http:// is refused before a byte goes out.
 */
import { isIP } from 'node:net';

export class EndpointError extends Error {
  readonly code = 'sync-endpoint-invalid';
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Parses and checks an endpoint URL; returns it without a trailing slash. */
export function parseEndpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointError(
      `"${raw}" is not a URL. Give the upstream address, e.g. https://ingest.example.org.`,
    );
  }
  if (url.username || url.password) {
    throw new EndpointError(
      'The endpoint URL must not contain a user name or password; pass the token separately.',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new EndpointError(
      `Refusing to send data over plain http:// to ${url.hostname}: donations are only sent over https:// (http is allowed to this computer only, for testing).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EndpointError(`Unsupported endpoint scheme ${url.protocol}; use https://.`);
  }
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export function endpointUrl(endpoint: URL, path: string): URL {
  const url = new URL(endpoint.href);
  url.pathname = `${endpoint.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}
