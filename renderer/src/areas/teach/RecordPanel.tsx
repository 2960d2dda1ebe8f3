/**
 * Recording a demonstration: start hand-guiding or jogging, mark where the gripper closes and
 * opens, then finish (the steps are made from what was shown) or cancel.
 */
import type { RequestResult } from '../../api/contract';
import { useApp } from '../../app-context';
import { useT } from '../../i18n/i18n';
import type { TeachActionProps, TeachArmStateProps } from './teach-panel-props';
import { TeachPanel } from './TeachPanel';

export function RecordPanel({
  robot,
  teach,
  onTeach,
  taskName,
  busy,
  act,
  onNote,
  onFinished,
}: TeachActionProps &
  TeachArmStateProps & {
    taskName: string;
    onFinished: (result: RequestResult<'teach.finish'>) => void;
  }) {
  const t = useT();
  const { api, status } = useApp();
  const recording = teach?.recording ?? null;
  const run = teach?.run ?? null;

  const start = (mode: 'hand' | 'jog') =>
    robot &&
    act('start', async () => onTeach(await api.invoke('teach.start', { robotId: robot.id, mode })));
  const mark = (open: 0 | 1) =>
    act('mark', async () => onTeach(await api.invoke('teach.mark', { open })));

  return (
    <TeachPanel title={t('teach.record.title')} headingId="teach-record-title">
      <p className="teach-panel__help">{t('teach.record.help')}</p>
      {!recording ? (
        <div className="teach-panel__buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={!robot || busy !== null || run !== null}
            data-testid="start-hand"
            onClick={() => start('hand')}
          >
            {t('teach.record.startHand')}
          </button>
          <button
            type="button"
            className="button"
            disabled={!robot || busy !== null || run !== null}
            onClick={() => start('jog')}
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
                  act('hand', async () =>
                    onTeach(await api.invoke('teach.scriptedHand', { robotId: robot.id })),
                  )
                }
              >
                {t('teach.record.scriptedHand')}
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => mark(0)}>
              {t('teach.record.markClose')}
            </button>
            <button type="button" className="button" onClick={() => mark(1)}>
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
                  onNote({ kind: 'info', text: t('teach.record.working') });
                  const result = await api.invoke('teach.finish', {
                    name: taskName.trim() || t('teach.record.defaultName'),
                  });
                  onFinished(result);
                  onNote({
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
                act('cancel', async () => onTeach(await api.invoke('teach.cancel', {})))
              }
            >
              {t('teach.record.cancel')}
            </button>
          </div>
        </div>
      )}
    </TeachPanel>
  );
}
