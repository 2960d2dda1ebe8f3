import { z } from 'zod';

/**
 * What a model is rated for, from its datasheet: diagnostics normalise current, voltage and
 * temperature by these, setup checks that the voltage variant that answered is the one the
 * arm needs, and the simulators derive their motor from them.
 */
const variantSchema = z.object({
  name: z.string().min(1),
  nominalVoltageV: z.number().positive(),
  minVoltageV: z.number().positive(),
  maxVoltageV: z.number().positive(),
  stallTorqueNm: z.number().positive(),
  stallCurrentA: z.number().positive(),
  noLoadSpeedRpm: z.number().positive(),
});

export const ratingsSchema = variantSchema.omit({ name: true }).extend({
  standbyCurrentA: z.number().nonnegative(),
  /** The factory Temperature Limit. */
  temperatureLimitC: z.number().positive(),
  /** One Present Current step in A; null when the model reports load only. */
  currentUnitA: z.number().positive().nullable(),
  source: z.string().min(1),
  /** Not confirmed against the vendor's own page. */
  approximate: z.boolean().optional(),
  /** Same model number, different winding (Feetech STS3215 7.4 V / 12 V). */
  variants: z.array(variantSchema).optional(),
});

export type ServoRatings = z.infer<typeof ratingsSchema>;
export type VoltageVariant = z.infer<typeof variantSchema>;

export const catalogSchema = z.object({
  family: z.enum(['dynamixel1', 'dynamixel2', 'feetech']),
  models: z.array(
    z.object({
      modelNumber: z.number().int().min(0).max(0xffff),
      model: z.string().min(1),
      /** A control table for it lives beside the catalog. */
      table: z.boolean(),
      ratings: ratingsSchema.nullable(),
    }),
  ),
});

export type CatalogData = z.infer<typeof catalogSchema>;
