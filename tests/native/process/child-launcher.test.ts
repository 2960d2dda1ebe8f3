/**
 * The helper-process seam (ChildChannel): the inference host and the teaching worker start
 * through whichever launcher the shell supplies — `child_process.fork` here, Electron's
 * utilityProcess in the desktop app — and the teaching runner copes with a helper that answers,
 * dies or hangs, ending it in every case (a utility process does not end by itself).
 */
import { describe, expect, it } from 'vitest';
import {
  INFERENCE_HOST_ENTRY,
  InferenceSupervisor,
  hostLauncher,
} from '../../../native/model/host/inference-supervisor';
import {
  forkLauncher,
  type ChildChannel,
  type ChildLauncher,
} from '../../../native/process/child-channel';
import type { Demonstration } from '../../../native/teach/demonstration';
import { TEACH_WORKER_ENTRY, teachInWorker } from '../../../native/teach/teach-runner';

/** A launcher that records what it started and delegates to a real fork. */
function recordingLauncher(): { launch: ChildLauncher; entries: string[] } {
  const entries: string[] = [];
  return {
    entries,
    launch: (entry) => {
      entries.push(String(entry));
      return forkLauncher(entry);
    },
  };
}

/** A scripted helper speaking request-reply.ts (no process): what a utility process would do. */
function scriptedChild(behaviour: 'answer' | 'fail' | 'die' | 'hang') {
  const state = { killed: 0, sent: [] as unknown[] };
  let onMessage: (m: unknown) => void = () => {};
  let onExit: (code: number | null, signal: string | null) => void = () => {};
  const channel: ChildChannel = {
    pid: 4242,
    send: (message) => {
      state.sent.push(message);
      const { id } = message as { id: number };
      const reply = { rr: 'reply', id, durationMs: 1 };
      setTimeout(() => {
        if (behaviour === 'answer') onMessage({ ...reply, ok: true, value: { program: 'p' } });
        else if (behaviour === 'fail')
          onMessage({
            ...reply,
            ok: false,
            error: { code: 'internal', message: 'no gripper events' },
          });
        else if (behaviour === 'die') onExit(1, null);
      }, 5);
    },
    onMessage: (l) => (onMessage = l),
    onExit: (l) => (onExit = l),
    kill: () => {
      state.killed++;
    },
  };
  return { state, launch: (() => channel) as ChildLauncher };
}

const demo = { robotProfile: 'openmanipulator-x' } as unknown as Demonstration;

describe('helper processes through a ChildLauncher', () => {
  it('starts the inference host through the supplied launcher', async () => {
    const { launch, entries } = recordingLauncher();
    const supervisor = new InferenceSupervisor({ launcher: hostLauncher(launch) });
    await supervisor.start();
    expect(supervisor.isReady).toBe(true);
    expect(supervisor.pid).toBeGreaterThan(0);
    expect(entries).toEqual([String(INFERENCE_HOST_ENTRY)]);
    await supervisor.close();
  });

  it('the teaching runner resolves on an answer and ends the helper', async () => {
    const child = scriptedChild('answer');
    await expect(teachInWorker(demo, 'Pick', { launch: child.launch })).resolves.toEqual({
      program: 'p',
    });
    expect(child.state.killed).toBe(1);
    expect(child.state.sent).toEqual([
      { rr: 'request', id: 1, method: 'teach', args: [demo, 'Pick'] },
    ]);
  });

  it('passes on the worker’s own reason when it cannot read the demonstration', async () => {
    const child = scriptedChild('fail');
    await expect(teachInWorker(demo, 'Pick', { launch: child.launch })).rejects.toThrow(
      'The teaching model could not read the demonstration: no gripper events',
    );
  });

  it('rejects with a clear message when the helper dies', async () => {
    const child = scriptedChild('die');
    await expect(teachInWorker(demo, 'Pick', { launch: child.launch })).rejects.toThrow(
      'The teaching model stopped unexpectedly (1).',
    );
  });

  it('ends a helper that never answers, after the timeout', async () => {
    const child = scriptedChild('hang');
    await expect(
      teachInWorker(demo, 'Pick', { launch: child.launch, timeoutMs: 50 }),
    ).rejects.toThrow('did not answer within a minute');
    expect(child.state.killed).toBe(1);
  });

  it('runs the real teaching worker entry through fork', async () => {
    const { launch, entries } = recordingLauncher();
    // Not an arm profile: the real worker starts, loads nothing and answers with its reason.
    await expect(
      teachInWorker({ robotProfile: 'robotiq-2f85' } as unknown as Demonstration, 'x', { launch }),
    ).rejects.toThrow('is not an arm');
    expect(entries).toEqual([String(TEACH_WORKER_ENTRY)]);
  });
});
