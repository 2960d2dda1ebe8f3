/**
 * What the robot link needs of the database: robots registered by adapter identity (so a
 * replugged robot keeps its name and id) and the event log. The DbClient's `call` serves it in
 * the app; tests pass a memory implementation.
 */
import type { LogEvent, RobotRegistration } from '../domain';
import type { RobotProfile } from './robot-profile';
import type { SessionRecord } from './robot-session';

export interface RobotRegistry {
  findRobotByIdentity(identity: string): Promise<RegisteredRobot | null>;
  listRobots(): Promise<RegisteredRobot[]>;
  saveRobot(robot: RegisteredRobot, actor: string): Promise<RegisteredRobot>;
  appendEvent(record: SessionRecord & { tMs: number }): Promise<LogEvent>;
}

export interface RegisteredRobot extends RobotRegistration {
  lastSeenMs?: number | null;
}

/** The registration of a robot seen now, keeping what an earlier registration had. */
export function registration(
  robot: { id: string; name: string; profile: RobotProfile; identity: string },
  earlier: RegisteredRobot | null,
  settings: Record<string, unknown> = {},
): RegisteredRobot {
  return {
    id: robot.id,
    name: robot.name,
    profile: robot.profile.id,
    identity: robot.identity,
    settings: { ...(earlier?.settings ?? {}), ...settings },
    createdMs: earlier?.createdMs ?? Date.now(),
    lastSeenMs: Date.now(),
  };
}

/** "Arm A", "Gripper B", …: the first letter no robot has; a number after Z. */
export function defaultRobotName(
  profile: RobotProfile,
  registered: readonly RegisteredRobot[],
  connected: readonly string[],
): string {
  const taken = new Set([...registered.map((r) => r.name), ...connected]);
  const base = profile.kind === 'arm' ? 'Arm' : 'Gripper';
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (!taken.has(`${base} ${letter}`)) return `${base} ${letter}`;
  }
  return `${base} ${taken.size + 1}`;
}
