/** The task library: open, duplicate, assign to the chosen arm, export and import saved tasks. */
import type { RobotSummary, TaskSummary, TeachProgram } from '../../api/contract';
import { useApp } from '../../app-context';
import { downloadFile } from '../../components/download-file';
import { useT } from '../../i18n/i18n';
import type { TaskRef } from './use-program-editor';
import type { TeachActionProps } from './teach-panel-props';
import { TeachPanel } from './TeachPanel';

export function LibraryPanel({
  library,
  onRefresh,
  robot,
  robots,
  act,
  onNote,
  onOpen,
}: Pick<TeachActionProps, 'act' | 'onNote'> & {
  library: TaskSummary[];
  onRefresh: () => void;
  robot: RobotSummary | null;
  robots: RobotSummary[] | null;
  onOpen: (program: TeachProgram, task: TaskRef) => void;
}) {
  const t = useT();
  const { api } = useApp();
  return (
    <TeachPanel title={t('teach.library.title')} headingId="teach-library-title">
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
                  {t('teach.library.version', { version: item.version, steps: item.stepCount })}
                </span>
                <span className="teach-library__meta">
                  {names.length
                    ? t('teach.library.assigned', { robots: names.join(', ') })
                    : t('teach.library.notAssigned')}
                </span>
              </div>
              <div className="teach-panel__buttons">
                <LibraryAction
                  label={t('teach.library.open')}
                  onRun={() =>
                    act('open', async () => {
                      const got = await api.invoke('tasks.get', { id: item.id });
                      onOpen(got.program, { id: item.id, version: got.version });
                    })
                  }
                />
                <LibraryAction
                  label={t('teach.library.duplicate')}
                  onRun={() =>
                    act('dup', async () => {
                      await api.invoke('tasks.duplicate', {
                        id: item.id,
                        name: t('teach.library.copyName', { name: item.name }),
                      });
                      onRefresh();
                    })
                  }
                />
                {robot ? (
                  <LibraryAction
                    label={
                      assigned
                        ? t('teach.library.unassign', { robot: robot.name })
                        : t('teach.library.assign', { robot: robot.name })
                    }
                    onRun={() =>
                      act('assign', async () => {
                        const ids = assigned
                          ? item.assignedRobots.filter((id) => id !== robot.id)
                          : [...item.assignedRobots, robot.id];
                        await api.invoke('tasks.assign', { id: item.id, robotIds: ids });
                        onRefresh();
                      })
                    }
                  />
                ) : null}
                <LibraryAction
                  label={t('teach.library.export')}
                  onRun={() =>
                    act('export', async () => {
                      const file = await api.invoke('tasks.export', { id: item.id });
                      downloadFile(file.json, 'application/json', file.fileName);
                    })
                  }
                />
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
              onNote({ kind: 'info', text: t('teach.library.imported', { name: saved.name }) });
              onRefresh();
            });
          }}
        />
      </label>
    </TeachPanel>
  );
}

/** One task's action: a small button, its work run through the Teach area's action runner. */
function LibraryAction({ label, onRun }: { label: string; onRun: () => void }) {
  return (
    <button type="button" className="button button--small" onClick={onRun}>
      {label}
    </button>
  );
}
