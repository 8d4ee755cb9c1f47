import type { Role, UserClaims } from './claims.js';
import { forbidden, unauthenticated } from './errors.js';

export interface AuthContext {
  readonly user: UserClaims | null;
}

/**
 * Throws UNAUTHENTICATED without a caller and FORBIDDEN unless the caller has one of `roles`
 * (none listed: any authenticated caller). Returns the caller.
 */
export function requireRole(ctx: AuthContext, ...roles: Role[]): UserClaims {
  const user = ctx.user;
  if (!user) throw unauthenticated();
  if (roles.length > 0 && !user.roles.some((r) => roles.includes(r))) {
    throw forbidden(`requires role ${roles.join(' or ')}`);
  }
  return user;
}

export function hasRole(ctx: AuthContext, ...roles: Role[]): boolean {
  return ctx.user !== null && ctx.user.roles.some((r) => roles.includes(r));
}
