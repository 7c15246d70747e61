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

/** Admins, and leaders or monitors of the province itself, see every unit. */
export function isProvinceWide(actor: Actor): boolean {
  return (
    hasRole(actor, 'admin') ||
    (hasRole(actor, 'leader', 'monitor') && PROVINCE_WIDE_KINDS.includes(actor.unitKind))
  );
}

/** Whether a unit (given by its materialised path) lies in the actor's scope. */
export function canSeeUnitPath(actor: Actor, unitPath: string): boolean {
  return isProvinceWide(actor) || unitPath.startsWith(actor.unitPath);
}
