/**
 * Demo tools, only while the demo facility runs (`genba serve --demo`): inject a fault into a
 * demo simulator, for demonstrations and end-to-end tests. Refused with code `no-demo` otherwise.
 */
import { z } from 'zod';
import { JointName, type ChannelSpec } from './common';

/** Technicians and administrators, who show the demo; every injection is audited. */
export const demoChannels = {
  'demo.injectFault': {
    access: { roles: ['technician', 'admin'], auditOnAccept: 'demo.inject-fault' },
    args: z
      .object({
        target: z.enum(['arm', 'gripper']),
        /** A diagnostics fault name (FAULT_CLASSES), or `unplug`. */
        fault: z
          .string()
          .regex(/^[a-z_]+$/)
          .max(40),
        /** Arm faults: the joint it affects; omitted = every joint. */
        joint: JointName.optional(),
        magnitude: z.number().positive().max(10).optional(),
        durationS: z.number().positive().max(3600).optional(),
      })
      .strict(),
    result: z.object({}),
  },
  'demo.clearFaults': {
    access: { roles: ['technician', 'admin'], auditOnAccept: 'demo.clear-faults' },
    args: z.object({ target: z.enum(['arm', 'gripper']) }).strict(),
    result: z.object({}),
  },
} as const satisfies Record<string, ChannelSpec>;
