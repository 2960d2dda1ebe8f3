import { ServoBusError } from '../transaction/errors';
import { ALERT_MESSAGE, decodeStatusError } from './errors';
import { instructionName } from './protocol';

/** Protocol 2.0 names for the shared transaction failures, which the arm session catches by. */
export {
  ServoBusError as DynamixelError,
  ServoTimeoutError as DynamixelTimeoutError,
} from '../transaction/errors';

/** The servo refused the command: its status packet's error byte (bits 0–6) says why. */
export class DynamixelStatusError extends ServoBusError {
  readonly code: number;
  readonly alert: boolean;

  constructor(
    readonly instruction: number,
    readonly id: number,
    readonly errorByte: number,
  ) {
    const decoded = decodeStatusError(errorByte);
    const human = decoded.message ?? ALERT_MESSAGE;
    super(`${instructionName(instruction)} on servo ${id}: ${human.en} ${human.advice.en}`, human);
    this.name = 'DynamixelStatusError';
    this.code = decoded.code;
    this.alert = decoded.alert;
  }
}
