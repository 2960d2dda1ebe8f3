/**
 * A task run in progress (which step, pause / resume, stop) or how the last one ended, and, on the
 * demo, how many of the simulator's joints still have torque on.
 */
import { useEffect, useState } from 'react';
import type { RobotSummary, TeachState } from '../../api/contract';
import { useApp } from '../../app-context';
import { useT } from '../../i18n/i18n';
import type { TeachAct } from './use-teach-actions';

/** The simulator's torque, read twice a second on the demo. */
function useSimulatorTorque(robot: RobotSummary | null): boolean[] | null {
  const { api, status } = useApp();
  const [torque, setTorque] = useState<boolean[] | null>(null);
  useEffect(() => {
    if (!robot || !status?.demo) return;
    const read = () =>
      void api.invoke('teach.simulator', { robotId: robot.id }).then(
        (r) => setTorque(r.torqueOn),
        () => {},
      );
    read();
    const timer = setInterval(read, 500);
    return () => clearInterval(timer);
  }, [api, robot, status?.demo]);
  return torque;
}

export function RunStatus({
  robot,
  teach,
  onTeach,
  act,
}: {
  robot: RobotSummary | null;
  teach: TeachState | null;
  onTeach: (state: TeachState) => void;
  act: TeachAct;
}) {
  const t = useT();
  const { api } = useApp();
  const simTorque = useSimulatorTorque(robot);
  const run = teach?.run ?? null;
  const last = teach?.lastRun ?? null;

  const control = (action: 'pause' | 'resume' | 'stop') =>
    run &&
    act(action, async () =>
      onTeach(await api.invoke('tasks.control', { runId: run.runId, action })),
    );
  /** A paused run offers resume where a running one offers pause. */
  const toggle = run?.state === 'paused' ? 'resume' : 'pause';

  return (
    <>
      {run ? (
        <div className="teach-run" data-testid="run-panel">
          <p role="status" data-testid="run-status">
            {run.state === 'paused'
              ? t('teach.run.paused', { n: run.stepIndex + 1, total: run.stepCount })
              : t('teach.run.running', {
                  task: run.task,
                  n: Math.min(run.stepIndex + 1, run.stepCount),
                  total: run.stepCount,
                  speed: Math.round(run.speedScale * 100),
                })}
          </p>
          <div className="teach-panel__buttons">
            <button
              type="button"
              className="button"
              data-testid={`run-${toggle}`}
              onClick={() => control(toggle)}
            >
              {t(`teach.run.${toggle}`)}
            </button>
            <button
              type="button"
              className="button button--danger"
              data-testid="run-stop"
              onClick={() => control('stop')}
            >
              {t('teach.run.stop')}
            </button>
          </div>
        </div>
      ) : last ? (
        <p
          className={`teach-run__outcome teach-run__outcome--${last.outcome}`}
          role="status"
          data-testid="run-outcome"
          data-outcome={last.outcome}
        >
          {t(`teach.run.outcome.${last.outcome}`, {
            task: last.task,
            n: last.stepIndex + 1,
            reason: last.reason ?? '',
          })}
        </p>
      ) : null}
      {simTorque ? (
        <p className="teach-run__sim" data-testid="sim-torque">
          {t('teach.run.simTorque', {
            on: simTorque.filter(Boolean).length,
            total: simTorque.length,
          })}
        </p>
      ) : null}
    </>
  );
}
