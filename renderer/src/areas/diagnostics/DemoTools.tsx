/**
 * Demo tools, discreet and folded away: only in the demo facility and only for those allowed to
 * call `demo.injectFault` (technicians, administrators). Inject a fault with a magnitude into
 * one joint of the demo arm, or clear what was injected.
 */
import { useState } from 'react';
import { FAULT_CLASSES, type FaultClass } from '../../../../native/domain';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { useT } from '../../i18n/i18n';
import { LabelledField } from '../../components/LabelledField';
import { SelectField } from '../../components/SelectField';

const JOINTS = ['joint1', 'joint2', 'joint3', 'joint4', 'gripper'] as const;

export function DemoTools() {
  const t = useT();
  const { api, status, reportError } = useApp();
  const { can } = useAuth();
  const [fault, setFault] = useState<FaultClass>('overheating');
  const [joint, setJoint] = useState<string>('joint2');
  const [magnitude, setMagnitude] = useState('1');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  if (!status?.demo || !can('demo.injectFault')) return null;

  const everyJoint = fault === 'voltage_sag' || joint === '';
  const inject = () => {
    const value = Number(magnitude);
    setBusy(true);
    setDone('');
    api
      .invoke('demo.injectFault', {
        target: 'arm',
        fault,
        ...(everyJoint ? {} : { joint }),
        ...(Number.isFinite(value) && value > 0 ? { magnitude: value } : {}),
      })
      .then(() =>
        setDone(
          t('diag.demo.injected', {
            fault: t(`diag.demo.fault.${fault}`),
            joint: everyJoint ? t('diag.demo.everyJoint') : joint,
            magnitude: Number.isFinite(value) && value > 0 ? value : 1,
          }),
        ),
      )
      .catch(reportError)
      .finally(() => setBusy(false));
  };
  const clear = () => {
    setBusy(true);
    api
      .invoke('demo.clearFaults', { target: 'arm' })
      .then(() => setDone(t('diag.demo.cleared')))
      .catch(reportError)
      .finally(() => setBusy(false));
  };

  return (
    <details className="demo-tools" data-testid="demo-tools">
      <summary className="demo-tools__summary">{t('diag.demo.title')}</summary>
      <p className="muted">{t('diag.demo.intro')}</p>
      <div className="demo-tools__row">
        <SelectField
          className="field field--inline"
          label={t('diag.demo.fault')}
          value={fault}
          options={FAULT_CLASSES}
          optionLabel={(name) => t(`diag.demo.fault.${name}`)}
          onValue={setFault}
          data-testid="demo-fault"
        />
        <SelectField
          className="field field--inline"
          label={t('diag.demo.joint')}
          value={fault === 'voltage_sag' ? '' : joint}
          disabled={fault === 'voltage_sag'}
          none={t('diag.demo.everyJoint')}
          options={JOINTS}
          optionLabel={(name) => name}
          onValue={setJoint}
          data-testid="demo-joint"
        />
        <LabelledField className="field field--inline" label={t('diag.demo.magnitude')}>
          <input
            type="number"
            min={0.1}
            max={10}
            step={0.1}
            value={magnitude}
            onChange={(e) => setMagnitude(e.target.value)}
            aria-describedby="demo-magnitude-help"
            data-testid="demo-magnitude"
          />
        </LabelledField>
        <button
          type="button"
          className="button"
          onClick={inject}
          disabled={busy}
          data-testid="demo-inject"
        >
          {t('diag.demo.inject')}
        </button>
        <button type="button" className="button" onClick={clear} disabled={busy}>
          {t('diag.demo.clear')}
        </button>
      </div>
      <p id="demo-magnitude-help" className="field__help">
        {t('diag.demo.magnitudeHelp')}
      </p>
      <p className="demo-tools__done" role="status" data-testid="demo-done">
        {done}
      </p>
    </details>
  );
}
