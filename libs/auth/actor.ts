import { PROVINCE_WIDE_KINDS } from '../organization/unit.entity';
import type { Role } from '../organization/user.entity';

/** The authenticated user as every service sees it. */
export interface Actor {
  id: string;
  username: string;
  fullName: string;
  unitId: string;
  unitPath: string;
  unitKind: string;
  roles: Role[];
}

export const hasRole = (actor: Actor, ...roles: Role[]) =>
  roles.some((r) => actor.roles.includes(r));

/** Admins, and leaders or monitors of the province itself, see their whole province. */
export function isProvinceWide(actor: Actor): boolean {
  return (
    hasRole(actor, 'admin') ||
    (hasRole(actor, 'leader', 'monitor') && PROVINCE_WIDE_KINDS.includes(actor.unitKind))
  );
}

/** The root of the tree a materialised path (`/root/…/self/`) belongs to, as a path: `/root/`. */
export function rootPathOf(unitPath: string): string {
  return unitPath.slice(0, unitPath.indexOf('/', 1) + 1);
}

/**
 * The one scoping rule: the subtree whose units an actor sees and acts for, as a path prefix.
 * Province-wide roles get their own root's tree (never another root's, should there be several);
 * everyone else their own unit's subtree. In SQL: `unit.path LIKE scopePath(actor) || '%'`.
 */
export function scopePath(actor: Actor): string {
  return isProvinceWide(actor) ? rootPathOf(actor.unitPath) : actor.unitPath;
}

/** `scopePath` as a LIKE pattern (paths hold only uuids and slashes: nothing to escape). */
export const scopePattern = (actor: Actor) => `${scopePath(actor)}%`;

/** Whether a unit (given by its materialised path) lies in the actor's scope. */
export function canSeeUnitPath(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(scopePath(actor));
}
