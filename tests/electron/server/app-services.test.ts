/**
 * The composition root on a real SQLite file with the demo facility: it stops its services in
 * the reverse of their start order, ends its helper processes (the inference host, a teaching
 * worker still thinking), and its teaching guard stops a running task on a diagnostics alert
 * with no renderer connected to any event. A pack signed with the public development key is
 * believed only while the demo runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/server/app-services';
import {
  forkLauncher,
  type ChildChannel,
  type ChildLauncher,
} from '../../../native/process/child-channel';
import { INFERENCE_HOST_ENTRY } from '../../../native/model/host/inference-supervisor';
import type { TaskProgram } from '../../../native/teach/program';
import { TEACH_WORKER_ENTRY } from '../../../native/teach/teach-runner';
import { useTempDir } from '../../helpers/temp-dir';
import { writeTestPack } from '../../native/model/test-pack';

const tempDir = useTempDir('genba-app-services-');
const running: AppServices[] = [];
afterEach(async () => {
  for (const services of running.splice(0)) await services.shutdown();
});

const SILENT_CHILD = new URL('../../fixtures/silent.child.ts', import.meta.url);
const OVERLOAD_HOST = new URL('../../fixtures/overload-host.child.ts', import.meta.url);

/** Real forks; the teaching worker is replaced by one that never answers. */
function launcher(): {
  launch: ChildLauncher;
  teaching: { channel: ChildChannel; exited: Promise<string> }[];
} {
  const teaching: { channel: ChildChannel; exited: Promise<string> }[] = [];
  return {
    teaching,
    launch: (entry) => {
      if (String(entry) !== String(TEACH_WORKER_ENTRY)) return forkLauncher(entry);
      const channel = forkLauncher(SILENT_CHILD);
      const exited = new Promise<string>((resolve) =>
        channel.onExit((code, signal) => resolve(String(signal ?? code))),
      );
      teaching.push({ channel, exited });
      return channel;
    },
  };
}

async function start(options: { demo: boolean; launch?: ChildLauncher; steps?: string[] }) {
  const services = await createAppServices({
    dbPath: join(tempDir(), 'genba.sqlite'),
    demo: options.demo,
    transport: 'websocket',
    listPorts: () => Promise.resolve([]),
    ...(options.launch ? { launchChild: options.launch } : {}),
    ...(options.steps
      ? { onLifecycle: (phase, name) => options.steps!.push(`${phase} ${name}`) }
      : {}),
  });
  running.push(services);
  return services;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const demoArm = (services: AppServices) =>
  services.fleet
    .list()
    .find(
      (robot) =>
        robot.profile === 'openmanipulator-x' &&
        robot.state !== 'connecting' &&
        robot.state !== 'disconnected',
    )?.id;

describe('the composition root', () => {
  it('stops every service in the reverse of its start order, the inference host included', async () => {
    const steps: string[] = [];
    const services = await start({ demo: false, steps });
    await services.diagnostics.ready;
    const hostPid = services.diagnostics.service.supervisor.pid;
    expect(hostPid).toBeGreaterThan(0);
    const started = steps.filter((s) => s.startsWith('start ')).map((s) => s.slice(6));
    expect(started).toEqual([
      'database',
      'journal',
      'log files',
      'fleet',
      'diagnostics',
      'network',
      'sync',
      'robots',
      'teach',
    ]);
    await services.shutdown();
    const stopped = steps.filter((s) => s.startsWith('stop ')).map((s) => s.slice(5));
    expect(stopped).toEqual([...started].reverse());
    expect(alive(hostPid!)).toBe(false);
    await expect(services.db.call('listRobots')).rejects.toThrow('database is closed');
  });

  it('ends a teaching worker still thinking when the app shuts down', async () => {
    const { launch, teaching } = launcher();
    const services = await start({ demo: true, launch });
    const robotId = await until('the demo arm', () => demoArm(services));
    await services.teach.startRecording(robotId, 'hand', 'tester');
    await until(
      'a second of samples',
      () => (services.teach.state().recording?.samples ?? 0) >= 60,
    );
    const finishing = services.teach.finishRecording('Pick', 'tester');
    finishing.catch(() => {});
    const worker = await until('the teaching worker', () => teaching[0]);
    expect(alive(worker.channel.pid!)).toBe(true);

    await services.shutdown();
    await expect(worker.exited).resolves.toBe('SIGKILL');
    expect(alive(worker.channel.pid!)).toBe(false);
    await expect(finishing).rejects.toThrow('teaching model');
  });

  it('stops a running task on a diagnostics alert, with nothing subscribed to the events', async () => {
    const flag = join(tempDir(), 'overload');
    process.env.GENBA_TEST_OVERLOAD_FLAG = flag;
    const services = await start({
      demo: true,
      launch: (entry) =>
        forkLauncher(String(entry) === String(INFERENCE_HOST_ENTRY) ? OVERLOAD_HOST : entry),
    });
    await services.diagnostics.ready;
    const robotId = await until('the demo arm', () => demoArm(services));
    const program = {
      format: 'genba-task',
      version: 2,
      name: 'Hold still',
      robotProfile: 'openmanipulator-x',
      createdMs: Date.now(),
      steps: [{ kind: 'wait', id: 'hold', name: { en: 'Hold', ja: '待機' }, ms: 60_000 }],
    } as TaskProgram;
    await services.teach.startRun(robotId, program, {
      speedScale: 0.25,
      taskId: null,
      actor: 'tester',
    });
    expect(services.teach.state().run?.state).toBe('running');

    writeFileSync(flag, '');
    const lastRun = await until('the run to end', () => services.teach.state().lastRun);
    expect(lastRun).toMatchObject({
      outcome: 'aborted',
      reason: 'diagnostics guard: overload on joint2',
    });
    expect(services.diagnostics.service.alerts()).toMatchObject([
      { robot: robotId, joint: 'joint2', fault: 'overload', state: 'raised' },
    ]);
  });
});

describe('model packs signed with the development key', () => {
  it('are refused without the demo and accepted with it; the bundled pack runs in both', async () => {
    const pack = join(tempDir(), 'blinded');
    await writeTestPack(pack, { name: 'genba-diagnostics', version: '9.9.9' });
    const outcomes: Record<string, string> = {};
    for (const demo of [false, true]) {
      const services = await start({ demo });
      await services.diagnostics.ready;
      const registry = services.diagnostics.registry;
      expect((await registry.list()).find((p) => p.state === 'active')?.name).toBe(
        'genba-diagnostics',
      );
      outcomes[demo ? 'demo' : 'no demo'] = await registry.import(pack).then(
        (record) => `imported ${record.version}`,
        (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
      );
    }
    expect(outcomes['no demo']).toMatch(
      /^untrusted-key: The pack is signed with the public development key "genba-dev-1"/,
    );
    expect(outcomes.demo).toBe('imported 9.9.9');
  });
});
