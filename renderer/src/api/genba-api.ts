/**
 * Picks the transport: the preload's `window.genba` in the desktop app, otherwise the loopback
 * WebSocket of browser mode, authenticated with the token the launcher put in the URL fragment.
 */
import type { GenbaApi } from './contract';
import { WebSocketApi } from './websocket-api';

declare global {
  interface Window {
    genba?: GenbaApi;
  }
}

const TOKEN_KEY = 'genba.token';

export function createGenbaApi(): { api: GenbaApi; socket: WebSocketApi | null } {
  if (window.genba) return { api: window.genba, socket: null };
  const token = takeTokenFromUrl();
  const url = `ws://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  const socket = new WebSocketApi(url);
  return { api: socket, socket };
}

/** The token arrives in the fragment once; keep it for reloads and take it out of the address bar. */
function takeTokenFromUrl(): string {
  const match = /token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}
