/**
 * The steps of a task in a list a person can read: a name to edit, what the step does, its speed,
 * and its problems right under it. Reorder by dragging or with Alt+↑ / Alt+↓ (and the arrow
 * buttons); delete (the parent offers Undo); insert a wait, a gripper action or the arm's pose.
 */
import { useState } from 'react';
import type { TeachIssue, TeachProgram, TeachProgramStep } from '../../api/contract';
import { OptionList } from '../../components/SelectField';
import { useLanguage, useT } from '../../i18n/i18n';

const SPEEDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1];

function newId(): string {
  return `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export function moveStep(steps: TeachProgramStep[], from: number, to: number): TeachProgramStep[] {
  if (to < 0 || to >= steps.length || from === to) return steps;
  const next = [...steps];
  const [item] = next.splice(from, 1);
  if (item) next.splice(to, 0, item);
  return next;
}

export function StepList({
  program,
  issues,
  selected,
  currentPose,
  onSelect,
  onChange,
  onDelete,
}: {
  program: TeachProgram;
  issues: TeachIssue[];
  selected: number | null;
  currentPose: Record<string, number> | null;
  onSelect: (index: number) => void;
  onChange: (program: TeachProgram, focusIndex?: number) => void;
  onDelete: (index: number) => void;
}) {
  const t = useT();
  const language = useLanguage();
  const [dragging, setDragging] = useState<number | null>(null);
  const setSteps = (steps: TeachProgramStep[], focus?: number) =>
    onChange({ ...program, steps }, focus);
  const update = (i: number, patch: Partial<TeachProgramStep>) =>
    setSteps(program.steps.map((s, k) => (k === i ? ({ ...s, ...patch } as TeachProgramStep) : s)));
  const describe = (step: TeachProgramStep) => {
    if (step.kind === 'move')
      return step.path === 'linear' ? t('teach.steps.kind.linear') : t('teach.steps.kind.move');
    if (step.kind === 'gripper')
      return t('teach.steps.kind.gripper', { open: Math.round(step.open * 100) });
    return t('teach.steps.kind.wait', { seconds: (step.ms / 1000).toFixed(1) });
  };
  const insert = (kind: 'wait' | 'open' | 'close' | 'pose') => {
    const at = selected === null ? program.steps.length : selected + 1;
    const both = (
      key:
        | 'teach.steps.waitName'
        | 'teach.steps.openName'
        | 'teach.steps.closeName'
        | 'teach.steps.poseName',
    ) => ({
      en: t(key),
      ja: t(key),
    });
    let step: TeachProgramStep;
    if (kind === 'wait')
      step = { kind: 'wait', id: newId(), name: both('teach.steps.waitName'), ms: 2000 };
    else if (kind === 'open')
      step = { kind: 'gripper', id: newId(), name: both('teach.steps.openName'), open: 1 };
    else if (kind === 'close')
      step = { kind: 'gripper', id: newId(), name: both('teach.steps.closeName'), open: 0.2 };
    else {
      const joints = Object.fromEntries(
        Object.entries(currentPose ?? {}).filter(([n]) => n !== 'gripper'),
      );
      step = {
        kind: 'move',
        id: newId(),
        name: both('teach.steps.poseName'),
        joints,
        path: 'joint',
        speed: 0.4,
        acceleration: 0.5,
      };
    }
    const steps = [...program.steps];
    steps.splice(at, 0, step);
    setSteps(steps, at);
  };

  return (
    <div className="teach-steps">
      <p className="teach-steps__help">{t('teach.steps.reorderHelp')}</p>
      <ol className="teach-steps__list" aria-label={t('teach.steps.listLabel')}>
        {program.steps.map((step, i) => {
          const own = issues.filter(
            (x) => x.stepId === step.id || (x.stepId === null && x.stepIndex === i),
          );
          const bad = own.some((x) => x.severity === 'error');
          return (
            <li
              key={step.id}
              className={`teach-step${selected === i ? ' teach-step--selected' : ''}${bad ? ' teach-step--error' : ''}${dragging === i ? ' teach-step--dragging' : ''}`}
              draggable
              data-testid="teach-step"
              data-kind={step.kind}
              tabIndex={0}
              onFocus={(e) => {
                if (e.target === e.currentTarget) onSelect(i);
              }}
              onClick={() => onSelect(i)}
              onKeyDown={(e) => {
                if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                const to = i + (e.key === 'ArrowUp' ? -1 : 1);
                setSteps(moveStep(program.steps, i, to), to);
              }}
              onDragStart={(e) => {
                setDragging(i);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(i));
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const from = Number(e.dataTransfer.getData('text/plain'));
                setDragging(null);
                if (Number.isInteger(from)) setSteps(moveStep(program.steps, from, i), i);
              }}
            >
              <span className="teach-step__handle" aria-hidden="true">
                ⋮⋮
              </span>
              <span className="teach-step__number">{i + 1}</span>
              <div className="teach-step__main">
                <input
                  className="teach-step__name"
                  value={step.name[language]}
                  aria-label={t('teach.steps.name', { n: i + 1 })}
                  data-testid="step-name"
                  onChange={(e) =>
                    update(i, { name: { ...step.name, [language]: e.target.value } })
                  }
                />
                <span className="teach-step__what">{describe(step)}</span>
                {step.kind === 'move' ? (
                  <span className="teach-step__controls">
                    <label>
                      {t('teach.steps.speed')}{' '}
                      <select
                        value={step.speed}
                        data-testid="step-speed"
                        onChange={(e) => update(i, { speed: Number(e.target.value) })}
                      >
                        <OptionList
                          values={[...new Set([...SPEEDS, step.speed])].sort((a, b) => a - b)}
                          label={(s) => `${Math.round(s * 100)} %`}
                        />
                      </select>
                    </label>
                    <label>
                      {t('teach.steps.path')}{' '}
                      <select
                        value={step.path}
                        onChange={(e) => update(i, { path: e.target.value as 'joint' | 'linear' })}
                      >
                        <option value="joint">{t('teach.steps.pathJoint')}</option>
                        <option value="linear">{t('teach.steps.pathLinear')}</option>
                      </select>
                    </label>
                  </span>
                ) : null}
                {own.length > 0 ? (
                  <ul className="teach-step__issues">
                    {own.map((x, k) => (
                      <li
                        key={k}
                        className={`teach-issue teach-issue--${x.severity}`}
                        data-testid="step-issue"
                      >
                        {x.message[language]}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <span className="teach-step__actions">
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('teach.steps.moveUp', { n: i + 1 })}
                  disabled={i === 0}
                  onClick={() => setSteps(moveStep(program.steps, i, i - 1), i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('teach.steps.moveDown', { n: i + 1 })}
                  disabled={i === program.steps.length - 1}
                  onClick={() => setSteps(moveStep(program.steps, i, i + 1), i + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--small button--danger"
                  aria-label={t('teach.steps.delete', { n: i + 1 })}
                  onClick={() => onDelete(i)}
                >
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="teach-steps__insert" role="group" aria-label={t('teach.steps.insert')}>
        <span>{t('teach.steps.insert')}:</span>
        <button
          type="button"
          className="button button--small"
          onClick={() => insert('pose')}
          disabled={!currentPose}
        >
          {t('teach.steps.insertPose')}
        </button>
        <button type="button" className="button button--small" onClick={() => insert('close')}>
          {t('teach.steps.insertClose')}
        </button>
        <button type="button" className="button button--small" onClick={() => insert('open')}>
          {t('teach.steps.insertOpen')}
        </button>
        <button type="button" className="button button--small" onClick={() => insert('wait')}>
          {t('teach.steps.insertWait')}
        </button>
      </div>
    </div>
  );
}
