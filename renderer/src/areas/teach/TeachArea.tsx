/**
 * The Teach area: show a task by hand (or by jogging), get named steps, edit them, preview the
 * arm moving through them, check them, run them safely (reduced speed, pause / resume / stop,
 * emergency stop always on screen), and keep them in the task library.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  TaskSummary,
  TeachArmProfile,
  TeachIssue,
  TeachProgram,
  TeachState,
} from '../../api/contract';
import { useApp } from '../../app-context';
import { AreaHeader } from '../../components/AreaHeader';
import { EmergencyStopButton, EmergencyStopFeedback } from '../../components/EmergencyStop';
import { useLanguage, useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import { useRobotDetail, useRobotList } from '../robots/use-robots';
import { ArmPreview } from './ArmPreview';
import { StepList } from './StepList';
import '../../styles/robots.css';
import '../../styles/teach.css';

type Note = { kind: 'info' | 'error'; text: string } | null;

function issuesOf(error: unknown): TeachIssue[] | null {
  const details = (error as { error?: { details?: { issues?: TeachIssue[] } } }).error?.details;
  return Array.isArray(details?.issues) ? details.issues : null;
}

const DEG = Math.PI / 180;

export function TeachArea() {
  const describeError = useErrorText();
  const t = useT();
  const language = useLanguage();
  const { api, connection, status } = useApp();
  const robots = useRobotList();
  const arms = useMemo(
    () =>
      (robots ?? []).filter(
        (r) =>
          r.profile === 'openmanipulator-x' ||
          r.profile.includes('arm') ||
          r.profile.includes('manipulator'),
      ),
    [robots],
  );
  const [robotId, setRobotId] = useState<string | null>(null);
  const robot = arms.find((r) => r.id === robotId) ?? arms[0] ?? null;
  const [profile, setProfile] = useState<TeachArmProfile | null>(null);
  const [teach, setTeach] = useState<TeachState | null>(null);
  const [program, setProgram] = useState<TeachProgram | null>(null);
  const [issues, setIssues] = useState<TeachIssue[]>([]);
  const [checked, setChecked] = useState<'none' | 'ok' | 'problems'>('none');
  const [selected, setSelected] = useState<number | null>(null);
  const [undo, setUndo] = useState<{ program: TeachProgram; name: string } | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [taskNameInput, setTaskName] = useState<string | null>(null);
  const [task, setTask] = useState<{ id: string; version: number } | null>(null);
  const [library, setLibrary] = useState<TaskSummary[]>([]);
  const [runSpeed, setRunSpeed] = useState(0.25);
  const [jogStep, setJogStep] = useState(0.1);
  const [simTorque, setSimTorque] = useState<boolean[] | null>(null);

  useEffect(() => api.subscribe('teach.state', setTeach), [api]);
  useEffect(() => {
    if (connection.generation === 0) return;
    void api.invoke('teach.state', {}).then(setTeach, () => {});
    void api.invoke('tasks.list', {}).then(setLibrary, () => {});
  }, [api, connection.generation]);
  useEffect(() => {
    if (!robot) return;
    void api
      .invoke('teach.profile', { profileId: robot.profile })
      .then(setProfile, (e: unknown) => setNote({ kind: 'error', text: describeError(e) }));
  }, [api, robot, describeError]);
  const taskName = taskNameInput ?? t('teach.record.defaultName');
  const detailState = useRobotDetail(robot?.id ?? '', 300);
  const detail = robot ? detailState.detail : null;
  const pose = useMemo(
    () => (detail ? Object.fromEntries(detail.joints.map((j) => [j.name, j.positionRad])) : null),
    [detail],
  );

  useEffect(() => {
    if (!robot || !status?.demo) return;
    const read = () =>
      void api.invoke('teach.simulator', { robotId: robot.id }).then(
        (r) => setSimTorque(r.torqueOn),
        () => {},
      );
    read();
    const timer = setInterval(read, 500);
    return () => clearInterval(timer);
  }, [api, robot, status?.demo]);

  const act = useCallback(
    (label: string, action: () => Promise<void>): void => {
      setBusy(label);
      action()
        .catch((error: unknown) => {
          const found = issuesOf(error);
          if (found) {
            const errors = found.filter((i) => i.severity === 'error');
            setIssues(found);
            setChecked('problems');
            setNote({
              kind: 'error',
              text: `${t('teach.check.problems', { count: errors.length })} ${errors[0]?.message[language] ?? ''}`,
            });
          } else {
            setNote({ kind: 'error', text: describeError(error) });
          }
        })
        .finally(() => setBusy(null));
    },
    [t, language, describeError],
  );

  const changeProgram = (next: TeachProgram, focus?: number) => {
    setProgram(next);
    setChecked('none');
    setIssues((old) => old.filter((i) => i.severity === 'warning' && false));
    if (focus !== undefined) {
      setSelected(focus);
      requestAnimationFrame(() =>
        document.querySelectorAll<HTMLElement>('[data-testid="teach-step"]')[focus]?.focus(),
      );
    }
  };

  const refreshLibrary = () => void api.invoke('tasks.list', {}).then(setLibrary, () => {});
  const recording = teach?.recording ?? null;
  const run = teach?.run ?? null;
  const last = teach?.lastRun ?? null;
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');

  if (robots !== null && arms.length === 0) {
    return (
      <section className="teach" aria-labelledby="area-heading">
        <AreaHeader title={t('teach.title')} intro={t('teach.intro')} />
        <p className="panel panel--quiet">{t('teach.noArm')}</p>
      </section>
    );
  }

  const jog = (args: {
    joint?: string;
    deltaRad?: number;
    dx?: number;
    dy?: number;
    dz?: number;
  }) =>
    robot &&
    act('jog', async () => void (await api.invoke('teach.jog', { robotId: robot.id, ...args })));

  return (
    <section className="teach" aria-labelledby="area-heading">
      <AreaHeader title={t('teach.title')} intro={t('teach.intro')}>
        <div className="teach__estop">
          <EmergencyStopButton variant="header" />
        </div>
      </AreaHeader>
      <EmergencyStopFeedback />
      <div className="teach__top">
        <label className="field teach__robot">
          <span>{t('teach.robot')}</span>
          <select
            value={robot?.id ?? ''}
            onChange={(e) => setRobotId(e.target.value)}
            data-testid="teach-robot"
          >
            {arms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field teach__name">
          <span>{t('teach.name.label')}</span>
          <input
            value={program?.name ?? taskName}
            data-testid="task-name"
            onChange={(e) =>
              program
                ? changeProgram({ ...program, name: e.target.value })
                : setTaskName(e.target.value)
            }
          />
        </label>
      </div>
      {note ? (
        <p
          className={`teach__note teach__note--${note.kind}`}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="teach-note"
        >
          {note.text}
        </p>
      ) : null}

      <div className="teach__grid">
        <div className="teach__col">
          <section className="panel teach-panel" aria-labelledby="teach-record-title">
            <h2 id="teach-record-title" className="panel-heading">
              {t('teach.record.title')}
            </h2>
            <p className="teach-panel__help">{t('teach.record.help')}</p>
            {!recording ? (
              <div className="teach-panel__buttons">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={!robot || busy !== null || run !== null}
                  data-testid="start-hand"
                  onClick={() =>
                    robot &&
                    act(
                      'start',
                      async () =>
                        void setTeach(
                          await api.invoke('teach.start', { robotId: robot.id, mode: 'hand' }),
                        ),
                    )
                  }
                >
                  {t('teach.record.startHand')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={!robot || busy !== null || run !== null}
                  onClick={() =>
                    robot &&
                    act(
                      'start',
                      async () =>
                        void setTeach(
                          await api.invoke('teach.start', { robotId: robot.id, mode: 'jog' }),
                        ),
                    )
                  }
                >
                  {t('teach.record.startJog')}
                </button>
              </div>
            ) : (
              <div className="teach-panel__recording">
                <p role="status" data-testid="record-status">
                  {recording.handActive
                    ? t('teach.record.handBusy')
                    : t('teach.record.status', {
                        samples: recording.samples,
                        rate: recording.rateHz,
                        marks: recording.marks,
                      })}
                </p>
                <div className="teach-panel__buttons">
                  {status?.demo && recording.mode === 'hand' ? (
                    <button
                      type="button"
                      className="button"
                      disabled={recording.handActive || busy !== null}
                      data-testid="scripted-hand"
                      onClick={() =>
                        robot &&
                        act(
                          'hand',
                          async () =>
                            void setTeach(
                              await api.invoke('teach.scriptedHand', { robotId: robot.id }),
                            ),
                        )
                      }
                    >
                      {t('teach.record.scriptedHand')}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      act(
                        'mark',
                        async () => void setTeach(await api.invoke('teach.mark', { open: 0 })),
                      )
                    }
                  >
                    {t('teach.record.markClose')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      act(
                        'mark',
                        async () => void setTeach(await api.invoke('teach.mark', { open: 1 })),
                      )
                    }
                  >
                    {t('teach.record.markOpen')}
                  </button>
                </div>
                <div className="teach-panel__buttons">
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy !== null || recording.handActive}
                    data-testid="finish-teaching"
                    onClick={() =>
                      act('finish', async () => {
                        setNote({ kind: 'info', text: t('teach.record.working') });
                        const result = await api.invoke('teach.finish', {
                          name: taskName.trim() || t('teach.record.defaultName'),
                        });
                        setProgram(result.program);
                        setTask(null);
                        setIssues(result.issues);
                        setChecked('none');
                        setSelected(null);
                        setNote({
                          kind: 'info',
                          text: t('teach.record.done', {
                            steps: result.program.steps.length,
                            seconds: (result.durationMs / 1000).toFixed(0),
                            hesitations: result.hesitations,
                            events: result.gripperEvents,
                          }),
                        });
                      })
                    }
                  >
                    {t('teach.record.finish')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== null}
                    onClick={() =>
                      act('cancel', async () => void setTeach(await api.invoke('teach.cancel', {})))
                    }
                  >
                    {t('teach.record.cancel')}
                  </button>
                </div>
              </div>
            )}
          </section>

          {profile && (!recording || recording.mode === 'jog') ? (
            <section className="panel teach-panel" aria-labelledby="teach-jog-title">
              <h2 id="teach-jog-title" className="panel-heading">
                {t('teach.jog.title')}
              </h2>
              <label className="teach-jog__step">
                {t('teach.jog.step')}{' '}
                <select value={jogStep} onChange={(e) => setJogStep(Number(e.target.value))}>
                  <option value={0.02}>1° / 5 mm</option>
                  <option value={0.1}>6° / 10 mm</option>
                  <option value={0.25}>14° / 20 mm</option>
                </select>
              </label>
              <div className="teach-jog" role="group" aria-label={t('teach.jog.joint')}>
                {profile.joints
                  .filter((j) => !j.gripper)
                  .map((j) => (
                    <div key={j.name} className="teach-jog__row">
                      <span>{j.label[language]}</span>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy !== null || run !== null}
                        onClick={() => jog({ joint: j.name, deltaRad: -jogStep })}
                        aria-label={`${j.label[language]} −`}
                      >
                        −
                      </button>
                      <output>{pose ? `${((pose[j.name] ?? 0) / DEG).toFixed(1)}°` : '—'}</output>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy !== null || run !== null}
                        onClick={() => jog({ joint: j.name, deltaRad: jogStep })}
                        aria-label={`${j.label[language]} +`}
                      >
                        +
                      </button>
                    </div>
                  ))}
              </div>
              <div className="teach-jog" role="group" aria-label={t('teach.jog.cartesian')}>
                {(['x', 'y', 'z'] as const).map((axis) => (
                  <div key={axis} className="teach-jog__row">
                    <span>{axis.toUpperCase()}</span>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy !== null || run !== null}
                      onClick={() => jog({ [`d${axis}`]: -jogStep / 5 })}
                      aria-label={`${axis.toUpperCase()} −`}
                    >
                      −
                    </button>
                    <span />
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy !== null || run !== null}
                      onClick={() => jog({ [`d${axis}`]: jogStep / 5 })}
                      aria-label={`${axis.toUpperCase()} +`}
                    >
                      +
                    </button>
                  </div>
                ))}
              </div>
            </section>
          ) : null}

          <section className="panel teach-panel" aria-labelledby="teach-library-title">
            <h2 id="teach-library-title" className="panel-heading">
              {t('teach.library.title')}
            </h2>
            {library.length === 0 ? <p>{t('teach.library.empty')}</p> : null}
            <ul className="teach-library">
              {library.map((item) => {
                const assigned = robot ? item.assignedRobots.includes(robot.id) : false;
                const names = item.assignedRobots.map(
                  (id) => robots?.find((r) => r.id === id)?.name ?? id,
                );
                return (
                  <li key={item.id} className="teach-library__item" data-testid="library-task">
                    <div>
                      <strong>{item.name}</strong>
                      <span className="teach-library__meta">
                        {t('teach.library.version', {
                          version: item.version,
                          steps: item.stepCount,
                        })}
                      </span>
                      <span className="teach-library__meta">
                        {names.length
                          ? t('teach.library.assigned', { robots: names.join(', ') })
                          : t('teach.library.notAssigned')}
                      </span>
                    </div>
                    <div className="teach-panel__buttons">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() =>
                          act('open', async () => {
                            const got = await api.invoke('tasks.get', { id: item.id });
                            setProgram(got.program);
                            setTask({ id: item.id, version: got.version });
                            setIssues([]);
                            setChecked('none');
                          })
                        }
                      >
                        {t('teach.library.open')}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() =>
                          act('dup', async () => {
                            await api.invoke('tasks.duplicate', {
                              id: item.id,
                              name: t('teach.library.copyName', { name: item.name }),
                            });
                            refreshLibrary();
                          })
                        }
                      >
                        {t('teach.library.duplicate')}
                      </button>
                      {robot ? (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() =>
                            act('assign', async () => {
                              const ids = assigned
                                ? item.assignedRobots.filter((id) => id !== robot.id)
                                : [...item.assignedRobots, robot.id];
                              await api.invoke('tasks.assign', { id: item.id, robotIds: ids });
                              refreshLibrary();
                            })
                          }
                        >
                          {assigned
                            ? t('teach.library.unassign', { robot: robot.name })
                            : t('teach.library.assign', { robot: robot.name })}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() =>
                          act('export', async () => {
                            const file = await api.invoke('tasks.export', { id: item.id });
                            const url = URL.createObjectURL(
                              new Blob([file.json], { type: 'application/json' }),
                            );
                            const a = document.createElement('a');
                            a.href = url;
                            a.download = file.fileName;
                            a.click();
                            URL.revokeObjectURL(url);
                          })
                        }
                      >
                        {t('teach.library.export')}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
            <label className="button button--small teach-library__import">
              {t('teach.library.import')}
              <input
                type="file"
                accept=".json,application/json"
                data-testid="import-task"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (!file) return;
                  act('import', async () => {
                    const saved = await api.invoke('tasks.import', { json: await file.text() });
                    setNote({
                      kind: 'info',
                      text: t('teach.library.imported', { name: saved.name }),
                    });
                    refreshLibrary();
                  });
                }}
              />
            </label>
          </section>
        </div>

        <div className="teach__col teach__col--wide">
          <section className="panel teach-panel" aria-labelledby="teach-steps-title">
            <h2 id="teach-steps-title" className="panel-heading">
              {t('teach.steps.title')}
            </h2>
            {program ? (
              <StepList
                program={program}
                issues={issues}
                selected={selected}
                currentPose={pose}
                onSelect={setSelected}
                onChange={changeProgram}
                onDelete={(i) => {
                  const step = program.steps[i];
                  if (!step) return;
                  setUndo({ program, name: step.name[language] });
                  changeProgram({ ...program, steps: program.steps.filter((_, k) => k !== i) });
                  setSelected(null);
                }}
              />
            ) : (
              <p>{t('teach.steps.empty')}</p>
            )}
            {undo ? (
              <p className="teach__undo" role="status">
                {t('teach.steps.deleted', { name: undo.name })}{' '}
                <button
                  type="button"
                  className="button button--small"
                  data-testid="undo-delete"
                  onClick={() => {
                    changeProgram(undo.program);
                    setUndo(null);
                  }}
                >
                  {t('teach.steps.undo')}
                </button>
              </p>
            ) : null}
            {program ? (
              <div className="teach-panel__buttons">
                <button
                  type="button"
                  className="button"
                  data-testid="save-task"
                  disabled={busy !== null}
                  onClick={() =>
                    act('save', async () => {
                      const saved = await api.invoke('tasks.save', {
                        ...(task ? { id: task.id } : {}),
                        program,
                      });
                      setTask({ id: saved.id, version: saved.version });
                      setNote({
                        kind: 'info',
                        text: t('teach.library.saved', {
                          name: saved.name,
                          version: saved.version,
                        }),
                      });
                      refreshLibrary();
                    })
                  }
                >
                  {task
                    ? t('teach.library.saveVersion', { n: task.version + 1 })
                    : t('teach.library.save')}
                </button>
              </div>
            ) : null}
          </section>

          {profile ? (
            <section className="panel teach-panel" aria-labelledby="teach-preview-title">
              <h2 id="teach-preview-title" className="panel-heading">
                {t('teach.preview.title')}
              </h2>
              <ArmPreview
                profile={profile}
                program={program}
                current={pose ?? Object.fromEntries(profile.joints.map((j) => [j.name, j.homeRad]))}
                selected={selected}
              />
            </section>
          ) : null}

          <section className="panel teach-panel" aria-labelledby="teach-check-title">
            <h2 id="teach-check-title" className="panel-heading">
              {t('teach.check.title')}
            </h2>
            <div className="teach-panel__buttons">
              <button
                type="button"
                className="button"
                disabled={!program || busy !== null}
                data-testid="validate"
                onClick={() =>
                  program &&
                  act('validate', async () => {
                    const r = await api.invoke('teach.validate', { program });
                    setIssues(r.issues);
                    setChecked(r.ok ? 'ok' : 'problems');
                  })
                }
              >
                {t('teach.check.validate')}
              </button>
              <label className="field teach__speed">
                <span>{t('teach.run.speed')}</span>
                <select
                  value={runSpeed}
                  onChange={(e) => setRunSpeed(Number(e.target.value))}
                  data-testid="run-speed"
                >
                  {[0.1, 0.25, 0.5, 0.75, 1].map((s) => (
                    <option key={s} value={s}>
                      {Math.round(s * 100)} %
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button button--primary"
                disabled={!program || !robot || busy !== null || run !== null || recording !== null}
                data-testid="run-task"
                onClick={() =>
                  program &&
                  robot &&
                  act('run', async () => {
                    setNote(null);
                    setTeach(
                      await api.invoke('tasks.run', {
                        robotId: robot.id,
                        program,
                        ...(task ? { taskId: task.id } : {}),
                        speedScale: runSpeed,
                      }),
                    );
                  })
                }
              >
                {t('teach.run.start', { speed: Math.round(runSpeed * 100) })}
              </button>
            </div>
            <div aria-live="polite">
              {checked === 'ok' ? (
                <p className="teach-check teach-check--ok" data-testid="check-result">
                  {t('teach.check.ok')}
                </p>
              ) : null}
              {checked === 'problems' || errors.length > 0 ? (
                <p className="teach-check teach-check--bad" data-testid="check-result">
                  {t('teach.check.problems', { count: errors.length })}
                </p>
              ) : null}
              {warnings.length > 0 ? (
                <p className="teach-check">
                  {t('teach.check.warnings', { count: warnings.length })}
                </p>
              ) : null}
              {issues
                .filter((i) => i.stepIndex === null)
                .map((i, k) => (
                  <p key={k} className={`teach-issue teach-issue--${i.severity}`}>
                    {i.message[language]}
                  </p>
                ))}
            </div>
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
                  {run.state === 'paused' ? (
                    <button
                      type="button"
                      className="button"
                      data-testid="run-resume"
                      onClick={() =>
                        act(
                          'resume',
                          async () =>
                            void setTeach(
                              await api.invoke('tasks.control', {
                                runId: run.runId,
                                action: 'resume',
                              }),
                            ),
                        )
                      }
                    >
                      {t('teach.run.resume')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      data-testid="run-pause"
                      onClick={() =>
                        act(
                          'pause',
                          async () =>
                            void setTeach(
                              await api.invoke('tasks.control', {
                                runId: run.runId,
                                action: 'pause',
                              }),
                            ),
                        )
                      }
                    >
                      {t('teach.run.pause')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--danger"
                    data-testid="run-stop"
                    onClick={() =>
                      act(
                        'stop',
                        async () =>
                          void setTeach(
                            await api.invoke('tasks.control', { runId: run.runId, action: 'stop' }),
                          ),
                      )
                    }
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
          </section>
        </div>
      </div>
    </section>
  );
}
