import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';

describe('Identity, organisation, health and docs', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    ({ unitIds } = await seedOrganization(stack.api));
    [admin, manager] = await Promise.all([stack.login('admin'), stack.login('skhdt.giamdoc')]);
  });
  afterAll(() => stack.close());

  const userCount = async () => (await stack.db.query('SELECT count(*)::int AS n FROM users'))[0].n;

  it('logs in with the right password and refuses a wrong one with 401', async () => {
    const ok = await stack.http
      .post('/api/v1/auth/login')
      .send({ username: 'chutich', password: 'GiaoViec@2026' })
      .expect(200);
    expect(ok.body).toMatchObject({
      tokenType: 'Bearer',
      actor: { username: 'chutich', roles: ['leader'] },
    });
    const me = await stack.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${ok.body.accessToken}`)
      .expect(200);
    expect(me.body.unitId).toBe(unitIds.UBND);

    const bad = await stack.http
      .post('/api/v1/auth/login')
      .send({ username: 'chutich', password: 'sai-mat-khau' })
      .expect(401);
    expect(bad.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: expect.any(String),
      details: [],
    });
    const forged = await stack.http
      .get('/api/v1/units')
      .set('Authorization', 'Bearer abc.def.ghi')
      .expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin grow the unit tree to any depth and move a subtree', async () => {
    const create = (body: object) =>
      stack.http
        .post('/api/v1/units')
        .set('Authorization', `Bearer ${admin}`)
        .send(body)
        .expect(201);
    const to = await create({
      code: 'SKHDT-DKKD-TO1',
      name: 'Tổ một cửa',
      kind: 'team',
      parentId: unitIds['SKHDT-DKKD'],
    });
    expect(to.body.depth).toBe(3);
    const leaf = await create({
      code: 'SKHDT-DKKD-TO1-A',
      name: 'Nhóm A',
      kind: 'group',
      parentId: to.body.id,
    });
    expect(leaf.body.depth).toBe(4);

    await stack.http
      .patch(`/api/v1/units/${to.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ parentId: unitIds.SNV })
      .expect(200);
    const moved = await stack.http
      .get(`/api/v1/units/${leaf.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(moved.body.depth).toBe(3);
    const snv = await stack.http
      .get(`/api/v1/units/${unitIds.SNV}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(moved.body.path.startsWith(snv.body.path)).toBe(true);

    const cycle = await stack.http
      .patch(`/api/v1/units/${unitIds.SNV}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ parentId: leaf.body.id })
      .expect(409);
    expect(cycle.body.code).toBe('UNIT_CYCLE');
    const taken = await stack.http
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'SNV', name: 'x', kind: 'department' })
      .expect(409);
    expect(taken.body.code).toBe('UNIT_CODE_TAKEN');
  });

  it('keeps unit and user management to admins (403) and validates new users field by field', async () => {
    const denied = await stack.http
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${manager}`)
      .send({ code: 'X', name: 'x', kind: 'team' })
      .expect(403);
    expect(denied.body.code).toBe('ROLE_REQUIRED');

    const before = await userCount();
    const invalid = await stack.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        username: 'cv.moi',
        password: 'short',
        fullName: 'Chuyên viên mới',
        title: 'Chuyên viên',
        unitId: unitIds.SNV,
        roles: ['boss'],
        age: 30,
      })
      .expect(400);
    const fields = invalid.body.details.map(
      (d: { field: string; rule: string }) => `${d.field}:${d.rule}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['password:minLength', 'roles:isIn', 'age:unknownField']),
    );
    expect(await userCount()).toBe(before);

    const created = await stack.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        username: 'cv.moi',
        password: 'mat-khau-dai',
        fullName: 'Chuyên viên mới',
        title: 'Chuyên viên',
        unitId: unitIds.SNV,
        roles: ['specialist'],
      })
      .expect(201);
    expect(created.body.passwordHash).toBeUndefined();
    expect(await userCount()).toBe(before + 1);
    await stack.login('cv.moi', 'mat-khau-dai');
  });

  it('shows users of the caller’s own subtree only, unless the caller is province-wide', async () => {
    const mine = await stack.http
      .get('/api/v1/users')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(mine.body.map((u: { username: string }) => u.username).sort()).toEqual([
      'skhdt.chuyenvien',
      'skhdt.giamdoc',
    ]);
    const all = await stack.http
      .get('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(all.body.length).toBeGreaterThanOrEqual(6);
  });

  it('reports PostgreSQL and Temporal as up on /health without a token', async () => {
    const res = await stack.http.get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document at /docs-json with the task endpoints', async () => {
    const res = await stack.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/tasks', '/api/v1/tasks/{id}/approve', '/api/v1/auth/login']),
    );
  });
});
