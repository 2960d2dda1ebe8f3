/**
 * `true` only when A and B are the same type (not merely assignable): a schema's parsed type and
 * the domain record it carries cannot drift apart, because a field added to one and not the
 * other turns a `SameShape<…> = true` check into a type error.
 */
export type SameShape<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
