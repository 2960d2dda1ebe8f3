/** A diagnostics alert as the API shows it (contract/models.ts), live or read back from the log. */
import type { Alert } from '../../native/model/alerts';
import type { AlertRecord, FaultClass } from '../../native/domain';
import { FAULT_ADVICE } from '../../native/model/taxonomy';
import type { DiagnosticAlert } from '../shared/contract';

export function toAlertDto(a: AlertRecord | Alert): DiagnosticAlert {
  const advice = FAULT_ADVICE[a.fault as FaultClass];
  const evidence =
    'robotId' in a ? (JSON.parse(a.evidence) as DiagnosticAlert['evidence']) : a.evidence;
  return {
    id: a.id,
    robotId: 'robotId' in a ? a.robotId : a.robot,
    joint: a.joint,
    fault: a.fault,
    state: a.state,
    raisedMs: a.raisedMs,
    acknowledgedMs: a.acknowledgedMs,
    acknowledgedBy: a.acknowledgedBy,
    resolvedMs: a.resolvedMs,
    confidence: a.confidence,
    anomaly: a.anomaly,
    byHardware: a.byHardware,
    label: advice?.label ?? { en: a.fault, ja: a.fault },
    care: advice?.care ?? { en: '', ja: '' },
    technician: advice?.technician ?? { en: '', ja: '' },
    evidence,
  };
}
