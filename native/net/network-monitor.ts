import { networkInterfaces } from 'node:os';

/**
 * Whether this machine has a usable network link (a non-loopback, non-link-local address).
 * This is the OS's view only; the sync service adds a probe of the upstream endpoint.
 */
export function hasNetworkLink(interfaces = networkInterfaces()): boolean {
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.internal) continue;
      if (address.family === 'IPv4' && !address.address.startsWith('169.254.')) return true;
      if (address.family === 'IPv6' && !address.address.toLowerCase().startsWith('fe80'))
        return true;
    }
  }
  return false;
}

export class NetworkMonitor {
  private timer: NodeJS.Timeout | null = null;
  private online: boolean;

  constructor(
    private readonly onChange: (online: boolean) => void,
    private readonly intervalMs = 5000,
    private readonly probe: () => boolean = () => hasNetworkLink(),
  ) {
    this.online = probe();
  }

  get isOnline(): boolean {
    return this.online;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      const next = this.probe();
      if (next !== this.online) {
        this.online = next;
        this.onChange(next);
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
