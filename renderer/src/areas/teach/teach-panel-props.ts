/**
 * What the Teach area hands its panels: the one action runner with its note, and the chosen arm
 * with the live teaching state. Declared once so every panel takes them under the same names.
 */
import type { RobotSummary, TeachState } from '../../api/contract';
import type { TeachAct, TeachNote } from './use-teach-actions';

export interface TeachActionProps {
  /** The label of the action under way, if any. */
  busy: string | null;
  act: TeachAct;
  onNote: (note: TeachNote) => void;
}

export interface TeachArmStateProps {
  robot: RobotSummary | null;
  teach: TeachState | null;
  onTeach: (state: TeachState) => void;
}
