/**
 * Demo tools (`demo.*`, contract/demo.ts): inject a fault into a simulator of the demo
 * facility, for demonstrations and end-to-end tests, and clear them again. Only while the demo
 * facility runs; otherwise refused with `no-demo`. A joint name is turned into the servo id of
 * the demo arm's profile; unknown faults are refused with the list of known ones.
 */
import type { RobotLinkService } from '../../native/robots/robot-link-service';
import { RobotCommandError } from '../../native/robots/robot-session';
import { getRobotProfile } from '../../native/robots/robot-profile';
import { SimFaultError, type SimFaultRequest } from '../../native/robots/sim/simulated-robot';
import type { RequestChannel } from '../shared/contract';
import type { ApiHandlers } from './api-dispatcher';
import { UserFacingError } from './api-errors';

type DemoChannel = Extract<RequestChannel, `demo.${string}`>;

const ARM_PROFILE = 'openmanipulator-x';

function userFacing(error: unknown): never {
  if (error instanceof RobotCommandError) throw new UserFacingError(error.code, error.message);
  if (error instanceof SimFaultError) throw new UserFacingError('unknown-fault', error.message);
  throw error;
}

export function createDemoHandlers(robots: RobotLinkService): Pick<ApiHandlers, DemoChannel> {
  const requireDemo = () => {
    if (!robots.demo)
      throw new UserFacingError(
        'no-demo',
        'The demo facility is not running (start Genba with --demo).',
      );
    return robots.demo;
  };
  return {
    'demo.injectFault': ({ target, fault, joint, magnitude, durationS }) => {
      requireDemo();
      const request: SimFaultRequest = { name: fault };
      if (joint !== undefined) {
        if (target !== 'arm')
          throw new UserFacingError('bad-joint', 'Only the demo arm has joints to choose.');
        const profile = getRobotProfile(ARM_PROFILE);
        const servo =
          profile.kind === 'arm' ? profile.joints.find((j) => j.name === joint) : undefined;
        if (!servo)
          throw new UserFacingError('bad-joint', `The demo arm has no joint named ${joint}.`);
        request.id = servo.servoId;
      }
      if (magnitude !== undefined) request.magnitude = magnitude;
      if (durationS !== undefined) request.durationS = durationS;
      try {
        robots.injectDemoFault(target, request);
      } catch (error) {
        userFacing(error);
      }
      return {};
    },
    'demo.clearFaults': ({ target }) => {
      requireDemo().clearFaults(target);
      return {};
    },
  };
}
