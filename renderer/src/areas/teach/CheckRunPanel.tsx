/** Checking the program against the arm's limits and running it at a chosen reduced speed. */
import { useState } from 'react';
import { useApp } from '../../app-context';
import { SelectField } from '../../components/SelectField';
import { useLanguage, useT } from '../../i18n/i18n';
import { RunStatus } from './RunStatus';
import type { ProgramEditor } from './use-program-editor';
import type { TeachActionProps, TeachArmStateProps } from './teach-panel-props';
import { TeachPanel } from './TeachPanel';

const RUN_SPEEDS = [0.1, 0.25, 0.5, 0.75, 1];

export function CheckRunPanel({
  editor,
  robot,
  teach,
  onTeach,
  busy,
  act,
  onNote,
}: TeachActionProps & TeachArmStateProps & { editor: ProgramEditor }) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const [runSpeed, setRunSpeed] = useState(0.25);
  const { program, task, issues, checked } = editor;
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const busyArm = teach?.run != null || teach?.recording != null;

  return (
    <TeachPanel title={t('teach.check.title')} headingId="teach-check-title">
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
              editor.showCheck(r.issues, r.ok);
            })
          }
        >
          {t('teach.check.validate')}
        </button>
        <SelectField
          className="field teach__speed"
          label={t('teach.run.speed')}
          value={runSpeed}
          options={RUN_SPEEDS}
          optionLabel={(s) => `${Math.round(s * 100)} %`}
          onValue={setRunSpeed}
          data-testid="run-speed"
        />
        <button
          type="button"
          className="button button--primary"
          disabled={!program || !robot || busy !== null || busyArm}
          data-testid="run-task"
          onClick={() =>
            program &&
            robot &&
            act('run', async () => {
              onNote(null);
              onTeach(
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
          <p className="teach-check">{t('teach.check.warnings', { count: warnings.length })}</p>
        ) : null}
        {issues
          .filter((i) => i.stepIndex === null)
          .map((i, k) => (
            <p key={k} className={`teach-issue teach-issue--${i.severity}`}>
              {i.message[language]}
            </p>
          ))}
      </div>
      <RunStatus robot={robot} teach={teach} onTeach={onTeach} act={act} />
    </TeachPanel>
  );
}
