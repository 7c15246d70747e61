import { DEMO_PASSWORD } from '../../db/seeds/demo-organization';
import { BrowserStack, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(120_000);

describe('Signing in to the web app', () => {
  let world: BrowserStack;
  beforeAll(async () => {
    world = await BrowserStack.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('serves the app at / and its routes from index.html, while /api, /docs and /health stay the API', async () => {
    const root = await fetch(`${world.baseUrl}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${world.baseUrl}/nhiem-vu/khong-co`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${world.baseUrl}/api/v1/khong-co`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404 });
    expect((await fetch(`${world.baseUrl}/health`)).headers.get('content-type')).toContain('json');
    expect((await fetch(`${world.baseUrl}/docs-json`)).headers.get('content-type')).toContain(
      'json',
    );
  });

  it('refuses a wrong password in Vietnamese and lets the right one in', async () => {
    const page = await world.page();
    await page.goto('/');
    await page.waitForURL(/\/dang-nhap/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dang-nhap-desktop');

    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expectText(page, 'Vui lòng nhập tên đăng nhập.');
    await expectText(page, 'Vui lòng nhập mật khẩu.');

    await page.getByLabel('Tên đăng nhập').fill('chutich');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expectText(page, 'Tên đăng nhập hoặc mật khẩu không đúng.');

    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // A leader starts on the overview.
    await page.waitForURL((url) => url.pathname === '/tong-quan');
    await page.context().close();
  });

  it('sends a user whose session expired to the login page and back to the same page', async () => {
    const page = await world.page();
    await world.signIn(page, 'skhdt.chuyenvien');
    await page.goto('/thong-bao?trang=2');
    // The token expires (here: it is replaced by one that expired an hour ago).
    await page.evaluate(() => {
      const key = 'giaoviec.session';
      const session = JSON.parse(localStorage.getItem(key)!);
      const claims = btoa(JSON.stringify({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 3600 }));
      session.accessToken = `e30.${claims.replace(/=+$/, '')}.sig`;
      localStorage.setItem(key, JSON.stringify(session));
    });
    await page.reload();
    await page.waitForURL(/\/dang-nhap\?/);
    await expectText(page, 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại để tiếp tục.');
    await page.getByLabel('Tên đăng nhập').fill('skhdt.chuyenvien');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => url.pathname === '/thong-bao');
    const back = new URL(page.url());
    expect(back.pathname + back.search).toBe('/thong-bao?trang=2');
    await page.context().close();
  });

  it('sends a user whose token was revoked (password changed elsewhere) to sign in again', async () => {
    const page = await world.page();
    await world.signIn(page, 'snv.giamdoc');
    await page.goto('/nhiem-vu');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // An admin resets the password: every token issued before stops working at once.
    const admin = await world.stack.login('admin');
    await world.stack.http
      .patch(`/api/v1/users/${world.org.userIds['snv.giamdoc']}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ password: 'Mat-khau-moi-2026' })
      .expect(200);
    await page.reload();
    await page.waitForURL(/\/dang-nhap\?/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/nhiem-vu');
    await page.context().close();
  });

  it('can be used with the keyboard alone: sign in, then reach a screen from the menu', async () => {
    const page = await world.page();
    await page.goto('/dang-nhap');
    // The username field has the focus; Tab moves to the password, Enter submits.
    await page.getByLabel('Tên đăng nhập').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.type('skhdt.giamdoc');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/viec-cua-toi');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.textContent?.trim() === 'Danh sách nhiệm vụ',
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/nhiem-vu');
    await page.getByRole('heading', { level: 1, name: 'Danh sách nhiệm vụ' }).waitFor();
    await page.context().close();
  });

  it('fits a 390 px phone', async () => {
    const page = await world.page(PHONE);
    await page.goto('/dang-nhap');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dang-nhap-phone');
    await page.context().close();
  });
});

async function expectText(page: import('playwright-core').Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).first().waitFor();
}
