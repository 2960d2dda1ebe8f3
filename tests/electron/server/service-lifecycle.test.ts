import { describe, expect, it } from 'vitest';
import { ServiceLifecycle } from '../../../electron/server/service-lifecycle';

describe('ServiceLifecycle', () => {
  it('stops services in the reverse of their start order, each once', async () => {
    const steps: string[] = [];
    const lifecycle = new ServiceLifecycle({
      onStep: (phase, name) => steps.push(`${phase} ${name}`),
    });
    const stopped: string[] = [];
    for (const name of ['database', 'fleet', 'robots'])
      await lifecycle.start(
        name,
        () => name.toUpperCase(),
        (service) => void stopped.push(service),
      );
    expect(lifecycle.running).toEqual(['database', 'fleet', 'robots']);
    await Promise.all([lifecycle.stopAll(), lifecycle.stopAll()]);
    expect(stopped).toEqual(['ROBOTS', 'FLEET', 'DATABASE']);
    expect(steps).toEqual([
      'start database',
      'start fleet',
      'start robots',
      'stop robots',
      'stop fleet',
      'stop database',
    ]);
    expect(lifecycle.running).toEqual([]);
  });

  it('keeps stopping the rest when one stop fails, and says which', async () => {
    const lines: string[] = [];
    const lifecycle = new ServiceLifecycle({ log: (line) => lines.push(line) });
    const stopped: string[] = [];
    await lifecycle.start(
      'database',
      () => null,
      () => void stopped.push('database'),
    );
    await lifecycle.start(
      'sync',
      () => null,
      () => Promise.reject(new Error('upload stuck')),
    );
    await lifecycle.start(
      'teach',
      () => null,
      () => void stopped.push('teach'),
    );
    await lifecycle.stopAll();
    expect(stopped).toEqual(['teach', 'database']);
    expect(lines).toEqual(['sync did not stop cleanly: upload stuck']);
  });

  it('does not remember a service whose start failed, nor start one while shutting down', async () => {
    const lifecycle = new ServiceLifecycle();
    await expect(
      lifecycle.start(
        'robots',
        () => Promise.reject(new Error('no port')),
        () => {},
      ),
    ).rejects.toThrow('no port');
    expect(lifecycle.running).toEqual([]);
    const stopping = lifecycle.stopAll();
    await expect(
      lifecycle.start(
        'late',
        () => 1,
        () => {},
      ),
    ).rejects.toThrow('shutting down');
    await stopping;
  });
});
