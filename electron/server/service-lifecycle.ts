/**
 * The order the composition root started its services in, so that shutdown stops them in
 * reverse: a service stops only after everything started on top of it (which may still call it)
 * has stopped. A stop that fails is logged and the rest still stop: one stuck service must not
 * leave the database open or a helper process running.
 */
export type LifecyclePhase = 'start' | 'stop';

export interface ServiceLifecycleOptions {
  log?: (line: string) => void;
  /** Called as each service starts and stops (tests record the order). */
  onStep?: (phase: LifecyclePhase, name: string) => void;
}

interface Started {
  name: string;
  stop: () => Promise<void> | void;
}

export class ServiceLifecycle {
  private readonly started: Started[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: ServiceLifecycleOptions = {}) {}

  /** Starts one service and remembers how to stop it; a start that throws is not remembered. */
  async start<T>(
    name: string,
    start: () => Promise<T> | T,
    stop: (service: T) => Promise<void> | void,
  ): Promise<T> {
    if (this.stopping) throw new Error(`${name} not started: the app is shutting down.`);
    const service = await start();
    this.started.push({ name, stop: () => stop(service) });
    this.options.onStep?.('start', name);
    return service;
  }

  /** Names of the running services, in start order. */
  get running(): string[] {
    return this.started.map((s) => s.name);
  }

  /** Stops every started service, last started first; later calls wait for the same shutdown. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.started.splice(0).reverse()) {
        this.options.onStep?.('stop', service.name);
        try {
          await service.stop();
        } catch (error) {
          this.options.log?.(`${service.name} did not stop cleanly: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }
}
