/**
 * The Teach area: show a task by hand (or by jogging), get named steps, edit them, preview the
 * arm moving through them, check them, run them safely (reduced speed, pause / resume / stop,
 * emergency stop always on screen), and keep them in the task library. Each panel keeps its own
 * state; what several share (the teaching state, the program, the note) is held here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TeachState } from '../../api/contract';
import { useApp } from '../../app-context';
import { AreaHeader } from '../../components/AreaHeader';
import { EmergencyStopDock, EmergencyStopFeedback } from '../../components/EmergencyStop';
import { LabelledField } from '../../components/LabelledField';
import { SelectField } from '../../components/SelectField';
import { useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import { ArmPreview } from './ArmPreview';
import { CheckRunPanel } from './CheckRunPanel';
import { JogPanel } from './JogPanel';
import { LibraryPanel } from './LibraryPanel';
import { RecordPanel } from './RecordPanel';
import { StepsPanel } from './StepsPanel';
import { useProgramEditor } from './use-program-editor';
import { useTaskLibrary } from './use-task-library';
import { useTeachActions } from './use-teach-actions';
import { useTeachArm } from './use-teach-arm';
import type { TeachActionProps, TeachArmStateProps } from './teach-panel-props';
import { TeachPanel } from './TeachPanel';
import '../../styles/robots.css';
import '../../styles/teach.css';

export function TeachArea() {
  const describeError = useErrorText();
  const t = useT();
  const { api, connection } = useApp();
  const editor = useProgramEditor();
  const { showCheck } = editor;
  const { note, setNote, busy, act } = useTeachActions(
    useCallback((found) => showCheck(found, false), [showCheck]),
  );
  const onProfileError = useCallback(
    (e: unknown) => setNote({ kind: 'error', text: describeError(e) }),
    [setNote, describeError],
  );
  const { robots, arms, robot, setRobotId, profile, pose } = useTeachArm(onProfileError);
  const { library, refresh: refreshLibrary } = useTaskLibrary();
  const [teach, setTeach] = useState<TeachState | null>(null);
  const [taskNameInput, setTaskName] = useState<string | null>(null);

  useEffect(() => api.subscribe('teach.state', setTeach), [api]);
  useEffect(() => {
    if (connection.generation === 0) return;
    void api.invoke('teach.state', {}).then(setTeach, () => {});
  }, [api, connection.generation]);

  const taskName = taskNameInput ?? t('teach.record.defaultName');
  const { program } = editor;
  const recording = teach?.recording ?? null;
  const run = teach?.run ?? null;
  const running: TeachActionProps = { busy, act, onNote: setNote };
  const armState: TeachArmStateProps = { robot, teach, onTeach: setTeach };

  if (robots !== null && arms.length === 0) {
    return (
      <section className="teach" aria-labelledby="area-heading">
        <AreaHeader title={t('teach.title')} intro={t('teach.intro')} />
        <p className="panel panel--quiet">{t('teach.noArm')}</p>
      </section>
    );
  }

  return (
    <section className="teach" aria-labelledby="area-heading">
      <EmergencyStopDock />
      <AreaHeader title={t('teach.title')} intro={t('teach.intro')} />
      <EmergencyStopFeedback />
      <div className="teach__top">
        <SelectField
          className="field teach__robot"
          label={t('teach.robot')}
          value={robot?.id ?? ''}
          options={arms.map((r) => r.id)}
          optionLabel={(id) => arms.find((r) => r.id === id)?.name}
          onValue={setRobotId}
          data-testid="teach-robot"
        />
        <LabelledField className="field teach__name" label={t('teach.name.label')}>
          <input
            value={program?.name ?? taskName}
            data-testid="task-name"
            onChange={(e) =>
              program
                ? editor.change({ ...program, name: e.target.value })
                : setTaskName(e.target.value)
            }
          />
        </LabelledField>
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
          <RecordPanel
            {...running}
            {...armState}
            taskName={taskName}
            onFinished={(result) => {
              editor.load(result.program, null, result.issues);
              editor.setSelected(null);
            }}
          />
          {profile && (!recording || recording.mode === 'jog') ? (
            <JogPanel
              robot={robot}
              profile={profile}
              pose={pose}
              disabled={busy !== null || run !== null}
              act={act}
            />
          ) : null}
          <LibraryPanel
            library={library}
            onRefresh={refreshLibrary}
            robot={robot}
            robots={robots}
            act={act}
            onNote={setNote}
            onOpen={(next, task) => editor.load(next, task, [])}
          />
        </div>

        <div className="teach__col teach__col--wide">
          <StepsPanel {...running} editor={editor} pose={pose} onSaved={refreshLibrary} />
          {profile ? (
            <TeachPanel title={t('teach.preview.title')} headingId="teach-preview-title">
              <ArmPreview
                profile={profile}
                program={program}
                current={pose ?? Object.fromEntries(profile.joints.map((j) => [j.name, j.homeRad]))}
                selected={editor.selected}
              />
            </TeachPanel>
          ) : null}
          <CheckRunPanel {...running} {...armState} editor={editor} />
        </div>
      </div>
    </section>
  );
}
