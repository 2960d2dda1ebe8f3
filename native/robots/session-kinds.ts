/**
 * The kinds of robot session (arm, gripper): the profile and session for a profile id, the
 * fleet-wide commands (torque, reboot, home) translated for each kind, and the refusals when a
 * command is meant for the other kind.
 */
import { ArmSession } from './arm-session';
import { GripperSession } from './gripper-session';
import { getRobotProfile, type RobotProfile } from './robot-profile';
import { RobotCommandError, type RobotSession, type SessionContext } from './robot-session';

/** The profile by id; an unknown id is a refused command. */
export function profileFor(id: string): RobotProfile {
  try {
    return getRobotProfile(id);
  } catch (error) {
    throw new RobotCommandError('unknown-profile', (error as Error).message);
  }
}

export function sessionFor(profile: RobotProfile, ctx: SessionContext): RobotSession {
  return profile.kind === 'arm' ? new ArmSession(profile, ctx) : new GripperSession(profile, ctx);
}

export type RobotCommand = 'torque-on' | 'torque-off' | 'reboot' | 'go-home';

/** A gripper has no torque or reboot: activate stands for both, stop for torque off, open for home. */
export function runRobotCommand(
  session: RobotSession,
  command: RobotCommand,
  joint: string | undefined,
  actor: string,
): Promise<void> {
  if (session instanceof GripperSession) {
    if (command === 'torque-on' || command === 'reboot') {
      return session.command({ action: 'activate' }, actor);
    }
    if (command === 'torque-off') return session.command({ action: 'stop' }, actor);
    return session.command({ action: 'open' }, actor);
  }
  const arm = session as ArmSession;
  switch (command) {
    case 'torque-on':
      return arm.setTorque(true, joint, actor);
    case 'torque-off':
      return arm.setTorque(false, joint, actor);
    case 'reboot':
      return arm.reboot(joint, actor);
    case 'go-home':
      return arm.goHome(actor);
  }
}

export function requireArm(session: RobotSession): ArmSession {
  if (!(session instanceof ArmSession)) {
    throw new RobotCommandError(
      'not-an-arm',
      `${session.name} is a gripper: it has no joints or control table. Use the gripper controls.`,
    );
  }
  return session;
}

export function requireGripper(session: RobotSession): GripperSession {
  if (!(session instanceof GripperSession)) {
    throw new RobotCommandError(
      'not-a-gripper',
      `${session.name} is an arm; its gripper joint moves with robots.moveJoint.`,
    );
  }
  return session;
}
