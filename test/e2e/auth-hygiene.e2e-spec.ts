import { createHmac, randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';

const LOCKOUT_SECONDS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An HS256 JWT built by hand, so the test controls every claim (or its absence). */
function hs256(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part(header)}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const errorShape = (statusCode: number, code: string) => ({
  statusCode,
  code,
  message: expect.any(String),
  details: expect.any(Array),
});

describe('Auth hygiene: throttled logins, strict tokens, revocation, security headers', () => {
  /** Small login limits and one allowed browser origin. */
  let strict: TestStack;
  /** The default test limits: for timing, token and revocation checks. */
  let stack: TestStack;
  let userIds: Record<string, string>;
  let unitIds: Record<string, string>;
  let admin: string;

  beforeAll(async () => {
    [strict, stack] = await Promise.all([
      TestStack.start({
        worker: false,
        env: {
          LOGIN_MAX_FAILURES: '3',
          LOGIN_MAX_FAILURES_PER_ADDRESS: '7',
          LOGIN_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
          CORS_ORIGINS: 'https://giaoviec.example.gov.vn',
          TRUST_PROXY: 'loopback',
        },
      }),
      TestStack.start({ worker: false }),
    ]);
    await seedOrganization(strict.api);
    ({ userIds, unitIds } = await seedOrganization(stack.api));
    admin = await stack.login('admin');
  });
  afterAll(() => Promise.all([strict?.close(), stack?.close()]));

  const login = (s: TestStack, username: string, password: string) =>
    s.http.post('/api/v1/auth/login').send({ username, password });

  it('locks an account after N wrong passwords, refusing even the right one with the same Vietnamese 429, until the lockout passes', async () => {
    const wrong = await Promise.all([1, 2, 3].map(() => login(strict, 'chutich', 'sai-mat-khau')));
    for (const res of wrong) expect(res.body).toEqual(errorShape(401, 'INVALID_CREDENTIALS'));

    const right = await login(strict, 'chutich', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_LOGIN_ATTEMPTS',
      message: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.',
      details: [{ field: 'username', rule: 'throttle', message: expect.stringMatching(/phút/) }],
    });
    expect(right.body.accessToken).toBeUndefined();
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    // A wrong password now gets exactly the same answer: the 429 does not tell them apart.
    const stillWrong = await login(strict, 'chutich', 'sai-mat-khau');
    expect(stillWrong.status).toBe(429);
    expect(stillWrong.body).toEqual(right.body);
    // Case variants of the username share the account's counter.
    expect((await login(strict, 'CHUTICH', DEMO_PASSWORD)).status).toBe(429);

    // Other accounts from the same address are not locked by it.
    expect((await login(strict, 'admin', DEMO_PASSWORD)).status).toBe(200);

    await sleep(LOCKOUT_SECONDS * 1000 + 200);
    const after = await login(strict, 'chutich', DEMO_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body.accessToken).toEqual(expect.any(String));
  });

  it('locks a client address after too many wrong passwords spread over many usernames, and only that address', async () => {
    const from = (address: string, username: string, password: string) =>
      strict.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', address)
        .send({ username, password });
    const guesses = ['khach1', 'khach1', 'khach2', 'khach2', 'khach3', 'khach3', 'vp.theodoi'];
    const wrong = await Promise.all(guesses.map((u) => from('203.0.113.7', u, 'doan-mo')));
    for (const res of wrong) expect(res.status).toBe(401);

    // No single account reached its limit, yet the address is refused, also for a right password.
    const blocked = await from('203.0.113.7', 'skhdt.giamdoc', DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    // Another client (behind the same trusted proxy) is not affected.
    expect((await from('198.51.100.20', 'skhdt.giamdoc', DEMO_PASSWORD)).status).toBe(200);

    await sleep(LOCKOUT_SECONDS * 1000 + 200);
    expect((await from('203.0.113.7', 'skhdt.giamdoc', DEMO_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown username about as slowly as a known one with a wrong password', async () => {
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      const res = await login(stack, username, 'sai-mat-khau-123');
      expect(res.body).toEqual(errorShape(401, 'INVALID_CREDENTIALS'));
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // A name no account can have is refused like any other, not with a 500.
    const odd = ['chu\u0000tich', 'chủ tịch', '\ud800x'];
    const answers = await Promise.all(odd.map((name) => login(stack, name, 'sai-mat-khau-123')));
    expect(
      answers.map((res) => res.status).filter((status) => status !== 401 && status !== 400),
    ).toEqual([]);
    await time('snv.giamdoc'); // warm-up (the dummy hash, connections)
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      known.push(await time('snv.giamdoc'));
      unknown.push(await time(`khong-ton-tai-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Without the dummy verification an unknown name answered ~30× faster (4 ms vs 137 ms).
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('refuses tokens without exp, with a non-UUID sub, without a version, expired, forged or unsigned, all with 401', async () => {
    const secret = stack.env.JWT_SECRET;
    const now = Math.floor(Date.now() / 1000);
    const sub = userIds['chutich'];
    const me = (token: string) =>
      stack.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    // The hand-made token is accepted when every claim is right, so the refusals below are real.
    const good = await me(hs256({ sub, ver: 0, iat: now, exp: now + 60 }, secret));
    expect(good.status).toBe(200);
    expect(good.body.username).toBe('chutich');

    const refused = {
      noExp: hs256({ sub, ver: 0, iat: now }, secret),
      subNotUuid: hs256({ sub: 'chutich', ver: 0, iat: now, exp: now + 60 }, secret),
      subUnknown: hs256({ sub: randomUUID(), ver: 0, iat: now, exp: now + 60 }, secret),
      noVersion: hs256({ sub, iat: now, exp: now + 60 }, secret),
      newerVersion: hs256({ sub, ver: 1, iat: now, exp: now + 60 }, secret),
      expired: hs256({ sub, ver: 0, iat: now - 120, exp: now - 60 }, secret),
      forged: hs256({ sub, ver: 0, iat: now, exp: now + 60 }, 'not-the-secret-at-all'),
      algNone: `${hs256({ sub, ver: 0, iat: now, exp: now + 60 }, secret, { alg: 'none' })
        .split('.')
        .slice(0, 2)
        .join('.')}.`,
    };
    for (const [name, token] of Object.entries(refused)) {
      const res = await me(token);
      expect({ name, status: res.status, body: res.body }).toEqual({
        name,
        status: 401,
        body: errorShape(401, 'UNAUTHENTICATED'),
      });
    }
  });

  it('revokes every older token when users change their own password, and answers a fresh one', async () => {
    const before = await stack.login('skhdt.chuyenvien');
    const change = (body: object, token = before) =>
      stack.http.post('/api/v1/auth/password').set('Authorization', `Bearer ${token}`).send(body);

    const wrongCurrent = await change({ currentPassword: 'sai', newPassword: 'MatKhauMoi@2027' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body).toMatchObject({
      code: 'INVALID_CURRENT_PASSWORD',
      details: [{ field: 'currentPassword', rule: 'matches' }],
    });
    const tooShort = await change({ currentPassword: DEMO_PASSWORD, newPassword: 'ngan' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.details.map((d: { field: string }) => d.field)).toContain('newPassword');
    expect((await change({ currentPassword: DEMO_PASSWORD })).status).toBe(400);
    expect(
      (await stack.http.post('/api/v1/auth/password').send({ currentPassword: 'x' })).status,
    ).toBe(401);

    const ok = await change({ currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi@2027' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer' });

    const meWith = (token: string) =>
      stack.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect((await meWith(before)).status).toBe(401);
    expect((await meWith(ok.body.accessToken)).body.username).toBe('skhdt.chuyenvien');
    expect((await login(stack, 'skhdt.chuyenvien', DEMO_PASSWORD)).status).toBe(401);
    expect((await login(stack, 'skhdt.chuyenvien', 'MatKhauMoi@2027')).status).toBe(200);
    const [row] = await stack.db.query('SELECT token_version FROM users WHERE id = $1', [
      userIds['skhdt.chuyenvien'],
    ]);
    expect(row.token_version).toBe(1);
  });

  it('lets an admin deactivate a user, which cuts its tokens at once and keeps them dead after reactivation', async () => {
    const asAdmin = (method: 'post' | 'patch', path: string, body: object, token = admin) =>
      stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
    const created = await asAdmin('post', '/users', {
      username: 'snv.chuyenvien',
      password: 'ChuyenVien@2026',
      fullName: 'Võ Thị Lan',
      title: 'Chuyên viên',
      unitId: unitIds['SNV-CCHC'],
      roles: ['specialist'],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const token = await stack.login('snv.chuyenvien', 'ChuyenVien@2026');
    const me = (t: string) => stack.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${t}`);
    expect((await me(token)).status).toBe(200);

    const manager = await stack.login('snv.giamdoc');
    const denied = await asAdmin('patch', `/users/${id}`, { active: false }, manager);
    expect(denied.body).toEqual(errorShape(403, 'ROLE_REQUIRED'));
    const invalid = await asAdmin('patch', `/users/${id}`, {
      active: 'khong',
      roles: ['vua'],
      fullName: null,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      expect.arrayContaining(['active', 'fullName', 'roles']),
    );
    expect((await asAdmin('patch', `/users/${randomUUID()}`, { active: false })).status).toBe(404);
    const self = await asAdmin('patch', `/users/${userIds.admin}`, { active: false });
    expect(self.body).toEqual(errorShape(409, 'CANNOT_DEACTIVATE_SELF'));

    const off = await asAdmin('patch', `/users/${id}`, { active: false, title: 'Nghỉ hưu' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id, active: false, title: 'Nghỉ hưu' });
    expect(off.body.passwordHash).toBeUndefined();
    expect(off.body.tokenVersion).toBeUndefined();
    expect((await me(token)).body).toEqual(errorShape(401, 'UNAUTHENTICATED'));
    expect((await login(stack, 'snv.chuyenvien', 'ChuyenVien@2026')).body).toEqual(
      errorShape(401, 'INVALID_CREDENTIALS'),
    );

    expect((await asAdmin('patch', `/users/${id}`, { active: true })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    const fresh = await stack.login('snv.chuyenvien', 'ChuyenVien@2026');
    expect((await me(fresh)).status).toBe(200);

    // An admin's password reset revokes too.
    expect((await asAdmin('patch', `/users/${id}`, { password: 'DatLai@2026x' })).status).toBe(200);
    expect((await me(fresh)).status).toBe(401);
    expect((await login(stack, 'snv.chuyenvien', 'DatLai@2026x')).status).toBe(200);
  });

  it('sends security headers, no X-Powered-By, and no CORS unless the origin is configured', async () => {
    const res = await stack.http.get('/api/v1/units').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const unauthorised = await stack.http.get('/api/v1/units');
    expect(unauthorised.headers['x-powered-by']).toBeUndefined();

    const preflight = (s: TestStack, origin: string) =>
      s.http
        .options('/api/v1/auth/login')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type');
    const closed = await preflight(stack, 'https://giaoviec.example.gov.vn');
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await preflight(strict, 'https://giaoviec.example.gov.vn');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://giaoviec.example.gov.vn');
    const other = await preflight(strict, 'https://ke-gian.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('still serves Swagger UI at /docs under the CSP: its scripts and styles come from /docs itself', async () => {
    const page = await stack.http.get('/docs').redirects(1);
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = page.text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)=['"]([^'"]+)['"]/g)].map(
      (m) => m[1],
    );
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const src of sources) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const asset = await stack.http.get(new URL(src, 'http://localhost/docs').pathname);
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
    }
  });
});
