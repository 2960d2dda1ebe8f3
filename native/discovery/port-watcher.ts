import type { SerialPortInfo } from './serial-port-info';

export interface PortChange {
  added: SerialPortInfo[];
  removed: SerialPortInfo[];
  ports: SerialPortInfo[];
}

/**
 * Hot-plug by polling: no udev here, and polling once a second costs a directory read. Emits only
 * when the set of ports changes.
 */
export class PortWatcher {
  private timer: NodeJS.Timeout | null = null;
  private known = new Map<string, SerialPortInfo>();
  private scanning = false;

  constructor(
    private readonly list: () => Promise<SerialPortInfo[]>,
    private readonly onChange: (change: PortChange) => void,
    private readonly intervalMs = 1000,
  ) {}

  async start(): Promise<SerialPortInfo[]> {
    await this.poll();
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    return [...this.known.values()];
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get ports(): SerialPortInfo[] {
    return [...this.known.values()];
  }

  async poll(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      const ports = await this.list().catch(() => [...this.known.values()]);
      const next = new Map(ports.map((port) => [port.path, port]));
      const added = ports.filter((port) => !this.known.has(port.path));
      const removed = [...this.known.values()].filter((port) => !next.has(port.path));
      this.known = next;
      if (added.length || removed.length) this.onChange({ added, removed, ports });
    } finally {
      this.scanning = false;
    }
  }
}
