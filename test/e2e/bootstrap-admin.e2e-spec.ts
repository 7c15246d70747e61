import { DataSource } from 'typeorm';
import { bootstrapAdmin, bootstrapInputFromEnv } from '../../apps/launcher/src/bootstrap-admin';
import { TestStack } from '../support/test-stack';

/** `bootstrap-admin` on a fresh (migrated, empty) database: the deployments' first administrator. */
describe('bootstrap-admin creates the first administrator once', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
  }, 120_000);
  afterAll(() => stack?.close());

  const input = (env: Record<string, string>) => bootstrapInputFromEnv(env);
  const count = async (sql: string) =>
    Number((await stack.api.get(DataSource).query(sql))[0].count);

  it('refuses a weak password, naming the variable, and writes nothing', async () => {
    await expect(
      bootstrapAdmin(stack.api, input({ BOOTSTRAP_ADMIN_PASSWORD: 'short' })),
    ).rejects.toThrow(/BOOTSTRAP_ADMIN_PASSWORD: password must be longer than or equal to 8/);
    expect(await count('SELECT count(*) FROM units')).toBe(0);
    expect(await count('SELECT count(*) FROM users')).toBe(0);
  });

  it('creates the root unit and an administrator who can sign in and manage users', async () => {
    const outcome = await bootstrapAdmin(
      stack.api,
      input({
        BOOTSTRAP_ADMIN_PASSWORD: 'Mật-khẩu-đủ-dài-2026',
        BOOTSTRAP_ROOT_UNIT_NAME: 'Ủy ban nhân dân tỉnh Đồng Tháp',
      }),
    );
    expect(outcome).toEqual({
      created: true,
      username: 'admin',
      rootUnitCreated: true,
      rootUnitCode: 'UBND',
    });
    const token = await stack.login('admin', 'Mật-khẩu-đủ-dài-2026');
    const units = await stack.http
      .get('/api/v1/units')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(units.body).toEqual([
      expect.objectContaining({ code: 'UBND', name: 'Ủy ban nhân dân tỉnh Đồng Tháp' }),
    ]);
    await stack.http.get('/api/v1/users').set('authorization', `Bearer ${token}`).expect(200);
  });

  it('changes nothing when run again (every release may run it)', async () => {
    const again = await bootstrapAdmin(
      stack.api,
      input({ BOOTSTRAP_ADMIN_USERNAME: 'admin2', BOOTSTRAP_ADMIN_PASSWORD: 'Khác-hẳn-2026!' }),
    );
    expect(again).toEqual({ created: false, reason: 'admin-exists', username: 'admin' });
    expect(await count('SELECT count(*) FROM users')).toBe(1);
    expect(await count('SELECT count(*) FROM units')).toBe(1);
  });
});
