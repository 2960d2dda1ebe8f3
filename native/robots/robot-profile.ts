/**
 * Robot profiles are data (assets/robots/*.json): joints, ids, limits, kinematics, adapters.
 * A new robot model is a new JSON file; this validates it and fails with the file and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ProfileJointLimits } from '../domain';

const Text = z.object({ en: z.string(), ja: z.string() });

const Joint = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: Text,
  servoId: z.number().int().min(0).max(252),
  minRad: z.number(),
  maxRad: z.number(),
  maxVelocityRadS: z.number().positive(),
  maxAccelerationRadS2: z.number().positive(),
  homeRad: z.number(),
  gripper: z.object({ closedRad: z.number(), openRad: z.number() }).optional(),
});

/** A profile of `kind` on `protocol`: its id, name and baud rate, then its own fields. */
function profileOf<const K extends string, const P extends string, S extends z.ZodRawShape>(
  kind: K,
  protocol: P,
  fields: S,
) {
  return z.object({
    id: z.string(),
    name: Text,
    kind: z.literal(kind),
    protocol: z.literal(protocol),
    baudRate: z.number().int().positive(),
    ...fields,
  });
}

const ArmProfile = profileOf('arm', 'dynamixel2', {
  adapters: z.array(z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/)),
  servoModel: z.string(),
  joints: z.array(Joint).min(1),
  kinematics: z.object({
    comment: z.string().optional(),
    baseHeightM: z.number(),
    links: z.array(z.object({ lengthM: z.number().positive(), offsetRad: z.number() })),
  }),
});

const GripperProfile = profileOf('gripper', 'modbus-rtu', {
  slaveId: z.number().int().min(1).max(247),
  adapters: z.array(z.string()),
  strokeMm: z.number().positive(),
});

export const RobotProfile = z.discriminatedUnion('kind', [ArmProfile, GripperProfile]);
export type RobotProfile = z.infer<typeof RobotProfile>;
export type ArmRobotProfile = z.infer<typeof ArmProfile>;
export type GripperRobotProfile = z.infer<typeof GripperProfile>;
export type ProfileJoint = z.infer<typeof Joint>;

const PROFILES_DIR = new URL('../../assets/robots/', import.meta.url);

export function parseRobotProfile(json: unknown, source: string): RobotProfile {
  const parsed = RobotProfile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Robot profile ${source} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  const profile = parsed.data;
  if (profile.kind === 'arm') {
    const ids = profile.joints.map((joint) => joint.servoId);
    if (new Set(ids).size !== ids.length) {
      throw new Error(`Robot profile ${source} gives two joints the same servo id.`);
    }
    for (const joint of profile.joints) {
      if (joint.minRad >= joint.maxRad) {
        throw new Error(`Robot profile ${source}: ${joint.name} has minRad ≥ maxRad.`);
      }
    }
  }
  return profile;
}

let cache: Map<string, RobotProfile> | null = null;

export function loadRobotProfiles(dir: URL = PROFILES_DIR): Map<string, RobotProfile> {
  if (dir === PROFILES_DIR && cache) return cache;
  const profiles = new Map<string, RobotProfile>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const json: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const profile = parseRobotProfile(json, file);
    profiles.set(profile.id, profile);
  }
  if (dir === PROFILES_DIR) cache = profiles;
  return profiles;
}

/**
 * What the donation sweep needs of every profile (db/ cannot read profiles itself). Empty when
 * the profiles cannot be read: the sweep then donates each robot's own settings only.
 */
export function profileJointLimits(): Map<string, ProfileJointLimits> {
  let profiles: Map<string, RobotProfile>;
  try {
    profiles = loadRobotProfiles();
  } catch {
    return new Map();
  }
  return new Map(
    [...profiles].map(([id, profile]) => [
      id,
      {
        kind: profile.kind,
        joints:
          profile.kind === 'arm'
            ? profile.joints.map((j) => ({ name: j.name, maxVelocityRadS: j.maxVelocityRadS }))
            : [],
      },
    ]),
  );
}

export function getRobotProfile(id: string): RobotProfile {
  const profile = loadRobotProfiles().get(id);
  if (!profile) {
    const known = [...loadRobotProfiles().keys()].join(', ');
    throw new Error(`Unknown robot profile "${id}". Known profiles: ${known}.`);
  }
  return profile;
}
