import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { dayFromToday } from '../support/dates';
import { BrowserStack, DESKTOP, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(180_000);

/** The window of "Sắp đến hạn" (DUE_SOON_DAYS in apps/web/src/shared/TimelinessTag.tsx). */
const DUE_SOON_DAYS = 3;

const TITLES = {
  overdue: 'Báo cáo sơ kết công tác cải cách hành chính quý IV',
  soon: 'Rà soát quy trình nội bộ giải quyết thủ tục hành chính',
  later: 'Xây dựng kế hoạch chuyển đổi số năm sau',
  review: 'Tổng hợp số liệu đăng ký doanh nghiệp',
};
/** Six tasks sharing words, for paging with a page of five. */
const BATCH = Array.from({ length: 6 }, (_, i) => `Kiểm tra hồ sơ đầu tư đợt ${i + 1}`);

describe('Việc của tôi and Danh sách nhiệm vụ in the browser', () => {
  let world: BrowserStack;
  let manager: string;

  const api = async (path: string, token = manager) =>
    (
      await world.stack.http
        .get(`/api/v1${path}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    world = await BrowserStack.start();
    const unit = world.org.unitIds;
    const leader = await world.stack.login('chutich');
    manager = await world.stack.login('skhdt.giamdoc');
    const assign = async (token: string, body: object) =>
      (
        await world.stack.http
          .post('/api/v1/tasks')
          .set('Authorization', `Bearer ${token}`)
          .send({ source: 'ubnd_tinh', leadUnitId: unit.SKHDT, ...body })
          .expect(201)
      ).body.id as string;
    const act = (id: string, action: string, body: object = {}) =>
      world.stack.http
        .post(`/api/v1/tasks/${id}/${action}`)
        .set('Authorization', `Bearer ${manager}`)
        .send(body)
        .expect(200);

    await assign(leader, { title: TITLES.overdue, dueDate: dayFromToday(-3) });
    await assign(leader, { title: TITLES.soon, dueDate: dayFromToday(2) });
    const later = await assign(leader, { title: TITLES.later, dueDate: dayFromToday(30) });
    await act(later, 'accept');
    // A task the manager gave one of the Sở's phòng, whose result now waits for the manager.
    const review = await assign(manager, {
      title: TITLES.review,
      source: 'noi_bo',
      leadUnitId: unit['SKHDT-TH'],
      dueDate: dayFromToday(10),
    });
    await act(review, 'submit', { result: 'Đã tổng hợp xong số liệu' });
    for (const title of BATCH) await assign(leader, { title, dueDate: dayFromToday(20) });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the unit manager five tabs whose counts are what the API lists, with the overdue task under Quá hạn', async () => {
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'skhdt.giamdoc', '/viec-cua-toi');
    await page.getByRole('heading', { level: 1, name: 'Việc của đơn vị' }).waitFor();

    const today = dayFromToday(0);
    const expected: Record<string, string> = {
      'Mới giao': 'myRole=lead&status=assigned',
      'Đang thực hiện': 'myRole=lead&status=in_progress',
      'Sắp đến hạn': `myRole=lead&timeliness=in_progress&dueFrom=${today}&dueTo=${dayFromToday(DUE_SOON_DAYS)}`,
      'Quá hạn': 'myRole=lead&timeliness=overdue',
      'Chờ duyệt': 'myRole=approver&status=submitted',
    };
    const shown: Record<string, number> = {};
    const listed: Record<string, number> = {};
    for (const [tab, query] of Object.entries(expected)) {
      listed[tab] = (await api(`/tasks?${query}&limit=200`)).items.length;
      shown[tab] = await tabCount(page, tab);
    }
    expect(shown).toEqual(listed);
    // The data behind it: one overdue, one due in 2 days, one accepted, one submitted, 7 new.
    expect(listed).toEqual({
      'Mới giao': 8,
      'Đang thực hiện': 1,
      'Sắp đến hạn': 1,
      'Quá hạn': 1,
      'Chờ duyệt': 1,
    });

    await tabs(page)
      .getByRole('link', { name: /^Quá hạn/ })
      .click();
    await page.waitForURL(/tab=qua-han/);
    const panel = page.getByRole('region', { name: 'Việc của đơn vị: Quá hạn' });
    await expectRows(page, [TITLES.overdue]);
    const row = panel.getByRole('row').filter({ hasText: TITLES.overdue });
    expect(await row.textContent()).toContain('Quá hạn');
    expect(await row.textContent()).toContain('Sở Kế hoạch và Đầu tư');
    expect(await row.textContent()).toContain(formatDate(dayFromToday(-3)));
    expect(await panel.getByRole('row').count()).toBe(2); // the header and the one task
    expect(await panel.getByRole('link', { name: TITLES.overdue }).getAttribute('href')).toMatch(
      /^\/nhiem-vu\/[0-9a-f-]{36}$/,
    );

    // A reload keeps the tab (it is in the URL).
    await page.reload();
    await panel.getByText(TITLES.overdue).waitFor();
    expect(await tabs(page).locator('[aria-current="page"]').textContent()).toMatch(/^Quá hạn/);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'viec-cua-toi-desktop');
    await page.context().close();
  });

  it('fits a 390 px phone with cards, and a specialist starts on "Việc của tôi"', async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'skhdt.giamdoc', '/viec-cua-toi?tab=sap-den-han');
    const card = page.getByRole('listitem').filter({ hasText: TITLES.soon });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Sắp đến hạn \(còn 2 ngày\)/);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'viec-cua-toi-phone');
    await page.context().close();

    const specialist = await world.page(PHONE);
    await world.signIn(specialist, 'skhdt.chuyenvien', '/viec-cua-toi');
    await specialist.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await specialist.getByText('Không có nhiệm vụ mới được giao cho bạn').waitFor();
    await specialist.getByRole('button', { name: 'Xem việc của đơn vị' }).click();
    await specialist.getByRole('heading', { level: 1, name: 'Việc của đơn vị' }).waitFor();
    await specialist.waitForURL(/pham-vi=don-vi/);
    await specialist.context().close();
  });

  it('filters the task list from the URL, keeps it on reload, pages forward and exports .xlsx', async () => {
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'skhdt.giamdoc', '/nhiem-vu');
    await page.getByRole('heading', { level: 1, name: 'Danh sách nhiệm vụ' }).waitFor();
    await page.getByText(TITLES.review).waitFor();

    // Status "Mới giao", then words typed without diacritics.
    await choose(page, page.getByLabel('Trạng thái'), 'Mới giao', /status=assigned/);
    const search = page.getByRole('searchbox', { name: 'Tìm nhiệm vụ' });
    await search.fill('bao cao so ket');
    await search.press('Enter');
    await page.waitForURL(/q=bao\+cao\+so\+ket/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'assigned',
      q: 'bao cao so ket',
    });
    await expectRows(page, [TITLES.overdue]);
    await page.getByText('Tìm thấy 1 nhiệm vụ').waitFor();

    await page.reload();
    await expectRows(page, [TITLES.overdue]);
    expect(await page.getByRole('searchbox', { name: 'Tìm nhiệm vụ' }).inputValue()).toBe(
      'bao cao so ket',
    );
    expect(
      await page.locator('.ant-form-item').filter({ hasText: 'Trạng thái' }).textContent(),
    ).toContain('Mới giao');

    // Back undoes the last change (the text), keeping the status.
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('q') && u.searchParams.has('status'));
    await page.getByText(TITLES.soon).waitFor();

    // Pages of five over the six tasks of the batch ("dau tu dot" finds "đầu tư đợt").
    await page.goto('/nhiem-vu?q=dau+tu+dot&limit=5');
    const apiFirst = await api('/tasks?q=dau+tu+dot&limit=5');
    const apiSecond = await api(`/tasks?q=dau+tu+dot&limit=5&cursor=${apiFirst.nextCursor}`);
    await expectRows(
      page,
      apiFirst.items.map((t: { title: string }) => t.title),
    );
    await page.getByText('Đang hiển thị 5 / 6 nhiệm vụ').waitFor();
    await page.getByRole('button', { name: 'Xem thêm' }).click();
    await page.getByText('Đang hiển thị 6 / 6 nhiệm vụ').waitFor();
    const all = [...apiFirst.items, ...apiSecond.items].map((t: { title: string }) => t.title);
    expect(all.sort()).toEqual([...BATCH].sort());
    await expectRows(page, all);
    expect(await page.getByRole('button', { name: 'Xem thêm' }).count()).toBe(0);

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất Excel' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('nhiem-vu.xlsx');
    // The file holds the list's rows (its filter and order, every page), not the whole scope.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as never);
    const exported: string[] = [];
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1) exported.push(String(row.getCell(2).value));
    });
    expect(exported).toEqual(
      [...apiFirst.items, ...apiSecond.items].map((t: { title: string }) => t.title),
    );
    expect(await page.getByText('Lưu ý: tệp Excel').count()).toBe(0);
    expect(
      await page.getByRole('searchbox', { name: 'Tìm nhiệm vụ' }).getAttribute('placeholder'),
    ).toBe('Tìm theo tên, mã nhiệm vụ, số hiệu văn bản… (gõ không dấu cũng được)');

    await page.goto('/nhiem-vu?sort=dueDate');
    await page.getByText(TITLES.overdue).waitFor();
    const { total } = await api('/tasks/counts');
    expect(total).toBe(10);
    await page.getByText(`Tìm thấy ${total} nhiệm vụ`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'danh-sach-desktop');
    await page.context().close();
  });

  it('shows the task list as cards on a 390 px phone with its filters in a drawer', async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'skhdt.giamdoc', '/nhiem-vu?sort=dueDate');
    await page.getByRole('listitem').filter({ hasText: TITLES.overdue }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'danh-sach-phone');

    await page.getByRole('button', { name: /Bộ lọc/ }).click();
    const drawer = page.getByRole('dialog');
    await choose(page, drawer.getByLabel('Tình hình thực hiện'), 'Quá hạn', /timeliness=overdue/);
    await drawer.getByRole('button', { name: /Xem 1 kết quả/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'danh-sach-phone-bo-loc');
    await drawer.getByRole('button', { name: /Xem 1 kết quả/ }).click();
    await expectRows(page, [TITLES.overdue]);
    await drawer.waitFor({ state: 'hidden' });
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  });
});

/**
 * Picks an option of an antd Select as a user does (open, click the option) and waits for the
 * URL to hold it; again (up to three times) if a click was lost — the list still opening, or
 * closing because a click landed on a neighbour (the drawer's date picker) — each try bounded.
 */
async function choose(page: Page, select: Locator, option: string, url: RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Open the list unless the last try left it open (Escape would close the drawer too).
      const list = page.locator('.ant-select-dropdown:visible');
      if ((await list.count()) === 0) await select.click({ timeout: 5_000 });
      await list.locator(`.ant-select-item-option[title="${option}"]`).click({ timeout: 5_000 });
      await page.waitForURL(url, { timeout: 5_000 });
      // The list closes with an animation; until it is gone its listbox is still in the page.
      await list.waitFor({ state: 'detached', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The tabs of Việc của tôi (links, so that each tab has its URL). */
const tabs = (page: Page) => page.getByRole('navigation', { name: 'Nhóm nhiệm vụ' });

/** The number in a tab's label ("Quá hạn 1"), once the counts have loaded. */
async function tabCount(page: Page, name: string): Promise<number> {
  const tab = tabs(page).getByRole('link', { name: new RegExp(`^${name}\\s*\\d+$`) });
  await tab.waitFor();
  return Number(/(\d+)$/.exec((await tab.textContent())!.trim())![1]);
}

/** The task titles the list shows (table rows on a desktop, cards on a phone), in any order. */
async function expectRows(page: Page, titles: string[]): Promise<void> {
  const links = page.locator('main a[href^="/nhiem-vu/"]');
  const wanted = [...titles].sort();
  let shown: string[] = [];
  for (const until = Date.now() + 15_000; Date.now() < until;) {
    shown = (await links.allTextContents()).sort();
    if (JSON.stringify(shown) === JSON.stringify(wanted)) break;
    await page.waitForTimeout(200);
  }
  expect(shown).toEqual(wanted);
}

/** The page's full width: more than the viewport means it scrolls sideways. */
const pageWidth = (page: Page) => page.locator('html').evaluate((html) => html.scrollWidth);

const formatDate = (iso: string) => iso.split('-').reverse().join('/');
