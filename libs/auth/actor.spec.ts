import { Actor, canSeeUnitPath, rootPathOf, scopePath } from './actor';

const ROOT = '/11111111-1111-4111-8111-111111111111/';
const DEPT = `${ROOT}22222222-2222-4222-8222-222222222222/`;
const OTHER_ROOT = '/33333333-3333-4333-8333-333333333333/';

const actor = (unitPath: string, unitKind: string, roles: Actor['roles']): Actor => ({
  id: 'u',
  username: 'u',
  fullName: 'u',
  unitId: 'x',
  unitPath,
  unitKind,
  roles,
});

describe('The one scoping rule', () => {
  it('finds the root of any materialised path', () => {
    expect(rootPathOf(ROOT)).toBe(ROOT);
    expect(rootPathOf(`${DEPT}44444444-4444-4444-8444-444444444444/`)).toBe(ROOT);
  });

  it("gives province-wide roles their own province's tree and never another root's", () => {
    for (const who of [
      actor(ROOT, 'province', ['leader']),
      actor(`${ROOT}55555555-5555-4555-8555-555555555555/`, 'provincial_office', ['monitor']),
      actor(DEPT, 'department', ['admin']),
    ]) {
      expect(scopePath(who)).toBe(ROOT);
      expect(canSeeUnitPath(who, DEPT)).toBe(true);
      expect(canSeeUnitPath(who, OTHER_ROOT)).toBe(false);
    }
  });

  it("gives everyone else their own unit's subtree, even when that unit is a root", () => {
    const manager = actor(DEPT, 'department', ['unit_manager']);
    expect(scopePath(manager)).toBe(DEPT);
    expect(canSeeUnitPath(manager, `${DEPT}66666666-6666-4666-8666-666666666666/`)).toBe(true);
    expect(canSeeUnitPath(manager, ROOT)).toBe(false);
    const rootLeaderOfDepartmentKind = actor(OTHER_ROOT, 'department', ['leader']);
    expect(canSeeUnitPath(rootLeaderOfDepartmentKind, OTHER_ROOT)).toBe(true);
    expect(canSeeUnitPath(rootLeaderOfDepartmentKind, DEPT)).toBe(false);
  });
});
