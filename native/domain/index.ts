/**
 * The domain vocabulary: every closed list and every record that more than one part of Genba
 * exchanges, written once. It imports nothing, so every floor (db, native, the API contract, the
 * renderer) may import it; the API's zod schemas derive from these lists.
 */
export * from './accounts';
export * from './bus';
export * from './event-messages';
export * from './faults';
export * from './language';
export * from './log-events';
export * from './models';
export * from './robots';
export * from './roles';
export * from './storage';
export * from './sync';
export * from './telemetry';
