/** The steps of the program being edited, with Undo after a delete and saving to the library. */
import { useState } from 'react';
import type { TeachProgram } from '../../api/contract';
import { useApp } from '../../app-context';
import { useLanguage, useT } from '../../i18n/i18n';
import { StepList } from './StepList';
import type { ProgramEditor } from './use-program-editor';
import type { TeachActionProps } from './teach-panel-props';
import { TeachPanel } from './TeachPanel';

export function StepsPanel({
  editor,
  pose,
  busy,
  act,
  onNote,
  onSaved,
}: TeachActionProps & {
  editor: ProgramEditor;
  pose: Record<string, number> | null;
  onSaved: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const [undo, setUndo] = useState<{ program: TeachProgram; name: string } | null>(null);
  const { program, task } = editor;

  const save = (current: TeachProgram) =>
    act('save', async () => {
      const saved = await api.invoke('tasks.save', {
        ...(task ? { id: task.id } : {}),
        program: current,
      });
      editor.setTask({ id: saved.id, version: saved.version });
      onNote({
        kind: 'info',
        text: t('teach.library.saved', { name: saved.name, version: saved.version }),
      });
      onSaved();
    });

  return (
    <TeachPanel title={t('teach.steps.title')} headingId="teach-steps-title">
      {program ? (
        <StepList
          program={program}
          issues={editor.issues}
          selected={editor.selected}
          currentPose={pose}
          onSelect={editor.setSelected}
          onChange={editor.change}
          onDelete={(i) => {
            const step = program.steps[i];
            if (!step) return;
            setUndo({ program, name: step.name[language] });
            editor.change({ ...program, steps: program.steps.filter((_, k) => k !== i) });
            editor.setSelected(null);
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
              editor.change(undo.program);
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
            onClick={() => save(program)}
          >
            {task
              ? t('teach.library.saveVersion', { n: task.version + 1 })
              : t('teach.library.save')}
          </button>
        </div>
      ) : null}
    </TeachPanel>
  );
}
