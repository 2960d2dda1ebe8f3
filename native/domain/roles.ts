/**
 * Who works with Genba: care staff run assigned tasks, supervisors review, technicians connect,
 * configure and teach, admins manage accounts, consent and models.
 */
export const ROLES = ['care-staff', 'supervisor', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Admins sign in with a password; everyone else with a PIN on the shared terminal. */
export const SECRET_KINDS = ['pin', 'password'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
export const secretKindFor = (role: Role): SecretKind => (role === 'admin' ? 'password' : 'pin');
