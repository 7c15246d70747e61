import type { Page } from 'playwright-core';
import { BrowserStack, DESKTOP, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(240_000);

/** The bell's polling interval, shortened for the test (the app's default is 30 s). */
const POLL_MS = 1_500;

describe('Thông báo: the bell and the inbox', () => {
  let world: BrowserStack;
  let leader: string;
  let skhdt: string;

  beforeAll(async () => {
    world = await BrowserStack.start();
    skhdt = world.org.unitIds.SKHDT;
    leader = await world.stack.login('chutich');
  });
  afterAll(async () => {
    await world?.close();
  });

  const assign = async (title: string) => {
    const res = await world.stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({ title, source: 'ubnd_tinh', leadUnitId: skhdt, dueDate: '2030-06-30' })
      .expect(201);
    return res.body as { id: string };
  };

  /** A page whose bell polls every POLL_MS, signed in as the Giám đốc of Sở KH&ĐT. */
  const managerPage = async (viewport = DESKTOP): Promise<Page> => {
    const context = await world.context(viewport);
    await context.addInitScript(
      (ms) => localStorage.setItem('giaoviec.notificationPollMs', String(ms)),
      POLL_MS,
    );
    const page = await context.newPage();
    await world.signIn(page, 'skhdt.giamdoc', '/viec-cua-toi');
    return page;
  };
  const bell = (page: Page) => page.getByRole('link', { name: /^Thông báo, / });
  const unreadOf = async (page: Page) => {
    const label = (await bell(page).getAttribute('aria-label')) ?? '';
    return Number(/(\d+) chưa đọc/.exec(label)?.[1] ?? 0);
  };

  it('rings the bell for a task assigned to Sở KH&ĐT, lists the notice with its task and lowers the count when it is read', async () => {
    const page = await managerPage();
    await bell(page).waitFor();
    const before = await unreadOf(page);

    // The leader assigns a task through the API; the bell notices without a reload.
    const title = 'Tổng hợp báo cáo thu hút đầu tư 6 tháng đầu năm';
    const task = await assign(title);
    await page
      .getByRole('link', { name: `Thông báo, ${before + 1} chưa đọc` })
      .waitFor({ timeout: 30_000 });

    await bell(page).click();
    await page.waitForURL(/\/thong-bao$/);
    await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
    const notice = page.getByRole('article', { name: new RegExp(`Chưa đọc: .*${title}`) });
    await notice.waitFor();
    await notice.getByText('Chưa đọc', { exact: true }).waitFor();
    expect(await notice.getByRole('link', { name: /^Xem nhiệm vụ/ }).getAttribute('href')).toBe(
      `/nhiem-vu/${task.id}`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'thong-bao-desktop');

    await notice.getByRole('button', { name: /^Đánh dấu đã đọc/ }).click();
    await page
      .getByRole('link', { name: `Thông báo, ${before} chưa đọc` })
      .or(page.getByRole('link', { name: 'Thông báo, không có thông báo mới' }))
      .waitFor();
    // Read now: the same notice, without the "Chưa đọc" mark.
    await page.getByRole('article', { name: new RegExp(`^(?!Chưa đọc: ).*${title}`) }).waitFor();
    expect(await unreadOf(page)).toBe(before);
    await page.context().close();
  });

  it('works at 390×844: filter the unread ones, mark all read, follow a notice to its task', async () => {
    await assign('Rà soát danh mục dự án kêu gọi đầu tư năm 2027');
    await assign('Báo cáo tiến độ giải ngân vốn ODA');
    const page = await managerPage(PHONE);
    await page.getByRole('link', { name: /^Thông báo, \d+ chưa đọc/ }).waitFor({ timeout: 30_000 });
    await bell(page).click();
    await page.waitForURL(/\/thong-bao$/);
    await page.getByRole('article', { name: /Báo cáo tiến độ giải ngân vốn ODA/ }).waitFor();

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'thong-bao-phone');

    // Only the unread ones, kept in the URL.
    await page.getByText(/^Chưa đọc \(\d+\)$/).click();
    await page.waitForURL(/loc=chua-doc/);
    const unread = await unreadOf(page);
    expect(unread).toBeGreaterThanOrEqual(2);
    await page.waitForFunction(
      (n) => document.querySelectorAll('article[aria-label^="Chưa đọc: "]').length === n,
      unread,
    );

    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByRole('link', { name: 'Thông báo, không có thông báo mới' }).waitFor();
    await page.getByText('Không có thông báo chưa đọc.', { exact: false }).waitFor();
    const [{ count }] = await world.stack.db.query(
      `SELECT count(*)::int AS count FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE u.username = 'skhdt.giamdoc' AND n.read_at IS NULL`,
    );
    expect(count).toBe(0);

    // Back to all of them; a notice leads to its task.
    await page.getByText('Tất cả', { exact: true }).click();
    const notice = page.getByRole('article', { name: /Báo cáo tiến độ giải ngân vốn ODA/ });
    await notice.getByRole('link', { name: /^Xem nhiệm vụ/ }).click();
    await page.waitForURL(/\/nhiem-vu\/[0-9a-f-]{36}$/);
    await page.context().close();
  });
});
