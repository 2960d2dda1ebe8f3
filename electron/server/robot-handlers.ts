/**
 * The robot-link API channels as thin calls into the RobotLinkService. Refusals and failures
 * arrive as RobotCommandError (a stable code and a message that says what to do) and leave as
 * UserFacingError; nothing else about the robots lives here.
 */
import type { DbClient } from '../../db/db-client';
import type { RobotRegistry } from '../../native/robots/robot-link-service';
import type { RobotLinkService } from '../../native/robots/robot-link-service';
import { RobotCommandError } from '../../native/robots/robot-session';
import type { ParsedArgs, RequestResult } from '../shared/contract';
import { UserFacingError } from './api-errors';

export type RobotChannel =
  | 'robots.get'
  | 'robots.connect'
  | 'robots.disconnect'
  | 'robots.rename'
  | 'robots.command'
  | 'robots.emergencyStop'
  | 'robots.moveJoint'
  | 'gripper.command'
  | 'controlTable.read'
  | 'controlTable.write'
  | 'console.send'
  | 'ports.list'
  | 'bus.scan'
  | 'bus.cancelScan';

/** The caller as the dispatcher names it (signed-in person, kiosk identity, …). */
type Caller = { actor?: string } | undefined;

/** The robot channels' handlers; the caller is optional so tests and tools can call them too. */
export type RobotHandlers = {
  [C in RobotChannel]: (
    args: ParsedArgs<C>,
    caller?: Caller,
  ) => Promise<RequestResult<C>> | RequestResult<C>;
};

export function createRobotHandlers(link: RobotLinkService, fallbackActor: string): RobotHandlers {
  const who = (caller: Caller) => caller?.actor ?? fallbackActor;
  return {
    'robots.get': ({ robotId }) => userFacing(() => link.detail(robotId)),
    'robots.connect': (args, caller?: Caller) => userFacing(() => link.connect(args, who(caller))),
    'robots.disconnect': ({ robotId }) =>
      userFacing(async () => {
        await link.disconnect(robotId);
        return {};
      }),
    'robots.rename': ({ robotId, name }, caller?: Caller) =>
      userFacing(() => link.rename(robotId, name, who(caller))),
    'robots.command': ({ robotId, command, joint }, caller?: Caller) =>
      userFacing(async () => {
        await link.command(robotId, command, joint, who(caller));
        return {};
      }),
    'robots.emergencyStop': ({ robotId }, caller?: Caller) =>
      userFacing(async () => ({ stopped: await link.emergencyStop(robotId, who(caller)) })),
    'robots.moveJoint': ({ robotId, joint, positionRad }, caller?: Caller) =>
      userFacing(async () => {
        await link.moveJoint(robotId, joint, positionRad, who(caller));
        return {};
      }),
    'gripper.command': ({ robotId, action, openFraction, speed, force }, caller?: Caller) =>
      userFacing(async () => {
        await link.gripperCommand(
          robotId,
          {
            action,
            ...(openFraction === undefined ? {} : { openFraction }),
            ...(speed === undefined ? {} : { speed }),
            ...(force === undefined ? {} : { force }),
          },
          who(caller),
        );
        return {};
      }),
    'controlTable.read': ({ robotId, joint }) =>
      userFacing(() => link.readControlTable(robotId, joint)),
    'controlTable.write': ({ robotId, joint, key, value }, caller?: Caller) =>
      userFacing(() => link.writeControlTable(robotId, joint, key, value, who(caller))),
    'console.send': ({ robotId, hex }) => userFacing(() => link.consoleSend(robotId, hex)),
    'ports.list': () => link.listPorts(),
    'bus.scan': (args) => userFacing(() => link.startScan(args)),
    'bus.cancelScan': ({ scanId }) =>
      userFacing(() => {
        link.cancelScan(scanId);
        return {};
      }),
  };
}

async function userFacing<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RobotCommandError) throw new UserFacingError(error.code, error.message);
    throw error;
  }
}

/** The robots table and the event log, through the database worker. */
export function databaseRobotRegistry(db: DbClient): RobotRegistry {
  return {
    findRobotByIdentity: (identity) => db.call('findRobotByIdentity', identity),
    listRobots: () => db.call('listRobots'),
    saveRobot: (robot, actor) =>
      db.call('saveRobot', {
        robot: { ...robot, lastSeenMs: robot.lastSeenMs ?? null },
        actor,
        nowMs: Date.now(),
      }),
    appendEvent: (record) =>
      db.call('appendEvent', {
        tMs: record.tMs,
        robotId: record.robotId,
        kind: record.kind,
        severity: record.severity,
        user: record.user ?? null,
        text: record.text,
        message: record.message,
        ...(record.data ? { data: record.data } : {}),
      }),
  };
}
