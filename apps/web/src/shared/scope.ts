import type { Actor } from '../auth/session';

/** Unit kinds whose leaders and monitors see their whole province (libs/organization). */
const PROVINCE_WIDE_KINDS = ['province', 'provincial_office'];

/** The API's scoping rule (libs/auth/actor.ts), so screens offer only what the API accepts. */
export function isProvinceWide(actor: Actor): boolean {
  return (
    actor.roles.includes('admin') ||
    (actor.roles.some((r) => r === 'leader' || r === 'monitor') &&
      PROVINCE_WIDE_KINDS.includes(actor.unitKind))
  );
}

/** The subtree an actor sees and acts for, as a materialised-path prefix. */
export function scopePath(actor: Actor): string {
  if (!isProvinceWide(actor)) return actor.unitPath;
  return actor.unitPath.slice(0, actor.unitPath.indexOf('/', 1) + 1);
}

export const canSeeUnitPath = (actor: Actor, unitPath: string): boolean =>
  unitPath.startsWith(scopePath(actor));
