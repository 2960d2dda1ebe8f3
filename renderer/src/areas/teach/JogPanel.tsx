/** Jogging the arm a step at a time, joint by joint or along X, Y and Z, with the step size chosen here. */
import { useState } from 'react';
import type { RobotSummary, TeachArmProfile } from '../../api/contract';
import { useApp } from '../../app-context';
import { useLanguage, useT } from '../../i18n/i18n';
import type { TeachAct } from './use-teach-actions';
import { TeachPanel } from './TeachPanel';

const DEG = Math.PI / 180;

type JogArgs = { joint?: string; deltaRad?: number; dx?: number; dy?: number; dz?: number };

function JogRow({
  label,
  value,
  disabled,
  onJog,
}: {
  label: string;
  value: string | null;
  disabled: boolean;
  onJog: (sign: -1 | 1) => void;
}) {
  return (
    <div className="teach-jog__row">
      <span>{label}</span>
      <button
        type="button"
        className="button button--small"
        disabled={disabled}
        onClick={() => onJog(-1)}
        aria-label={`${label} −`}
      >
        −
      </button>
      {value === null ? <span /> : <output>{value}</output>}
      <button
        type="button"
        className="button button--small"
        disabled={disabled}
        onClick={() => onJog(1)}
        aria-label={`${label} +`}
      >
        +
      </button>
    </div>
  );
}

export function JogPanel({
  robot,
  profile,
  pose,
  disabled,
  act,
}: {
  robot: RobotSummary | null;
  profile: TeachArmProfile;
  pose: Record<string, number> | null;
  disabled: boolean;
  act: TeachAct;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const [jogStep, setJogStep] = useState(0.1);

  const jog = (args: JogArgs) =>
    robot &&
    act('jog', async () => void (await api.invoke('teach.jog', { robotId: robot.id, ...args })));

  return (
    <TeachPanel title={t('teach.jog.title')} headingId="teach-jog-title">
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
            <JogRow
              key={j.name}
              label={j.label[language]}
              value={pose ? `${((pose[j.name] ?? 0) / DEG).toFixed(1)}°` : '—'}
              disabled={disabled}
              onJog={(sign) => jog({ joint: j.name, deltaRad: sign * jogStep })}
            />
          ))}
      </div>
      <div className="teach-jog" role="group" aria-label={t('teach.jog.cartesian')}>
        {(['x', 'y', 'z'] as const).map((axis) => (
          <JogRow
            key={axis}
            label={axis.toUpperCase()}
            value={null}
            disabled={disabled}
            onJog={(sign) => jog({ [`d${axis}`]: (sign * jogStep) / 5 })}
          />
        ))}
      </div>
    </TeachPanel>
  );
}
