import type { Locator, Page } from 'playwright-core';
import { dayFromToday } from '../support/dates';
import {
  BrowserStack,
  DESKTOP,
  PHONE,
  pickOption,
  screenshot,
  seriousViolations,
} from './support/browser';

jest.setTimeout(240_000);

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

async function pickUnit(page: Page, label: string, search: string, name: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByLabel(label, { exact: true }).fill(search);
  await page.locator(`.ant-select-tree-node-content-wrapper[title="${name}"]`).click();
}

/**
 * Submits the Giao nhiệm vụ form by its submit button (while a request is pending antd adds a
 * "loading" icon to the button's accessible name, so a name match can miss it).
 */
const submitAssignForm = (page: Page) => page.locator('form button[type="submit"]').click();

/** The error or help text antd shows under a form field (`<id>_help`). */
const helpOf = (page: Page, field: string) => page.locator(`#${field}_help`);

/** Waits until a locator's text is `text` (or contains it, for `partial`); fails with what it saw. */
async function showsText(locator: Locator, text: string, partial = false): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.allInnerTexts()).join('\n').trim();
    if (partial ? seen.includes(text) : seen === text) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(seen).toBe(text);
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('Giao nhiệm vụ and Chi tiết nhiệm vụ: validation, access, phones, accessibility', () => {
  let world: BrowserStack;
  let leader: string;
  let unit: Record<string, string>;

  const assign = async (title: string, extra: object = {}) =>
    (
      await world.stack.http
        .post('/api/v1/tasks')
        .set('authorization', `Bearer ${leader}`)
        .send({
          title,
          source: 'ubnd_tinh',
          leadUnitId: unit.SKHDT,
          dueDate: dayFromToday(20),
          ...extra,
        })
        .expect(201)
    ).body as { id: string; title: string };

  beforeAll(async () => {
    world = await BrowserStack.start();
    unit = world.org.unitIds;
    leader = await world.stack.login('chutich');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows each field’s Vietnamese message for an empty form, the API’s message next to a bad số/ký hiệu, and marks days off in the date picker', async () => {
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'chutich', '/nhiem-vu/giao-moi');
    await page.getByRole('heading', { level: 1, name: 'Giao nhiệm vụ' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'giao-nhiem-vu-desktop');

    await submitAssignForm(page);
    await showsText(helpOf(page, 'title'), 'Vui lòng nhập tên nhiệm vụ.');
    await showsText(helpOf(page, 'leadUnitId'), 'Vui lòng chọn đơn vị chủ trì.');
    await showsText(helpOf(page, 'source'), 'Vui lòng chọn nguồn giao.');
    await showsText(helpOf(page, 'dueDate'), 'Vui lòng chọn hạn xử lý.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'giao-nhiem-vu-loi-desktop');

    // The picker marks days off with a sign and their name: next year's 1/1 and Tết.
    const nextYear = Number(dayFromToday(0).slice(0, 4)) + 1;
    const calendar = await world.stack.http
      .get(`/api/v1/calendar/${nextYear}`)
      .set('authorization', `Bearer ${leader}`)
      .expect(200);
    const tet = (calendar.body.holidays as { date: string; name: string }[]).find((h) =>
      h.name.startsWith('Tết Nguyên đán'),
    )!;
    const due = page.getByLabel('Hạn xử lý', { exact: true });
    await due.click();
    await due.fill(`01/01/${nextYear}`);
    await page
      .locator(`td[title="${nextYear}-01-01"] [title="Tết Dương lịch – ngày nghỉ"]`)
      .filter({ hasText: '★' })
      .waitFor();
    await due.fill(ddmmyyyy(tet.date));
    await page.locator(`td[title="${tet.date}"] [title="${tet.name} – ngày nghỉ"]`).waitFor();
    expect(
      await page.locator('.ant-picker-cell-in-view [title$=" – ngày nghỉ"]').count(),
    ).toBeGreaterThanOrEqual(8); // every weekend day of the month, at least
    await screenshot(page, 'giao-nhiem-vu-lich-desktop');
    await due.fill(ddmmyyyy(dayFromToday(14)));
    await due.press('Enter');

    const title = 'Rà soát, cắt giảm thủ tục hành chính lĩnh vực đầu tư';
    await page.getByLabel('Tên nhiệm vụ').fill(title);
    await pickUnit(page, 'Đơn vị chủ trì', 'so ke hoach', 'Sở Kế hoạch và Đầu tư');
    await pickOption(page, 'Nguồn giao', 'UBND tỉnh');
    await page.getByLabel(/^Số\/ký hiệu văn bản giao/).fill('Kế hoạch số 389');
    await submitAssignForm(page);
    await showsText(
      helpOf(page, 'sourceDocument'),
      'Số/ký hiệu văn bản không đúng thể thức (ví dụ: 389/KH-UBND).',
    );
    expect(new URL(page.url()).pathname).toBe('/nhiem-vu/giao-moi');
    const [{ n }] = await world.stack.db.query(
      'SELECT count(*)::int AS n FROM tasks WHERE title = $1',
      [title],
    );
    expect(n).toBe(0);

    await page.getByLabel(/^Số\/ký hiệu văn bản giao/).fill('389/KH-UBND');
    await submitAssignForm(page);
    await page.waitForURL(/\/nhiem-vu\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const [row] = await world.stack.db.query(
      'SELECT source_document, due_date::text AS due FROM tasks WHERE title = $1',
      [title],
    );
    expect(row).toEqual({ source_document: '389/KH-UBND', due: dayFromToday(14) });
    await page.context().close();
  });

  it('shows a user of another Sở the no-access page, not the task', async () => {
    const task = await assign('Báo cáo tình hình thu hút đầu tư 6 tháng');
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'snv.giamdoc', `/nhiem-vu/${task.id}`);
    await page.getByText('Bạn không có quyền xem nhiệm vụ này', { exact: false }).waitFor();
    expect(await page.getByText(task.title).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'nhiem-vu-khong-co-quyen-desktop');
    await page.context().close();
  });

  it('fits the task page and the assign form on a 390 px phone, with no serious accessibility violation', async () => {
    const task = await assign(
      'Tổng hợp kết quả cải cách hành chính của các phòng thuộc Sở năm 2026',
      {
        sourceDocument: '389/KH-UBND',
        description: 'Báo cáo gửi Sở Nội vụ trước ngày 15/12.',
      },
    );
    const phone = await world.page(PHONE);
    await world.signIn(phone, 'skhdt.giamdoc', `/nhiem-vu/${task.id}`);
    await phone.getByRole('heading', { level: 1, name: task.title }).waitFor();
    await phone.getByRole('button', { name: 'Tiếp nhận', exact: true }).waitFor();
    await phone.getByText('Giao nhiệm vụ', { exact: true }).first().waitFor();
    expect(await fitsWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'nhiem-vu-chi-tiet-phone');

    await phone.getByRole('button', { name: 'Báo cáo tiến độ', exact: true }).click();
    await phone.getByRole('dialog').waitFor();
    expect(await fitsWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'nhiem-vu-bao-cao-tien-do-phone');
    await phone
      .getByRole('dialog')
      .getByRole('button', { name: 'Đóng', exact: true })
      .last()
      .click();

    await phone.goto('/nhiem-vu/giao-moi');
    await phone.getByRole('heading', { level: 1, name: 'Giao nhiệm vụ' }).waitFor();
    expect(await fitsWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'giao-nhiem-vu-phone');
    await phone.context().close();

    const desktop = await world.page(DESKTOP);
    await world.signIn(desktop, 'skhdt.giamdoc', `/nhiem-vu/${task.id}`);
    await desktop.getByRole('heading', { level: 1, name: task.title }).waitFor();
    await desktop.getByText('Giao nhiệm vụ', { exact: true }).first().waitFor();
    expect(await seriousViolations(desktop)).toEqual([]);
    await screenshot(desktop, 'nhiem-vu-chi-tiet-desktop');
    await desktop.context().close();
  });

  it('says what changed and reloads when someone else acted on the task meanwhile', async () => {
    const task = await assign('Đánh giá chỉ số PAR INDEX của Sở');
    const manager = await world.stack.login('skhdt.giamdoc');
    await world.stack.http
      .post(`/api/v1/tasks/${task.id}/submit`)
      .set('authorization', `Bearer ${manager}`)
      .send({ result: 'Đã gửi báo cáo tự đánh giá.' })
      .expect(200);
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'chutich', `/nhiem-vu/${task.id}`);
    await page.getByTestId('task-status').filter({ hasText: 'Chờ duyệt' }).waitFor();

    // Meanwhile, from another window, the result is approved.
    await world.stack.http
      .post(`/api/v1/tasks/${task.id}/approve`)
      .set('authorization', `Bearer ${leader}`)
      .send({})
      .expect(200);

    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByLabel(/^Lý do trả lại/)
      .fill('Cần bổ sung số liệu.');
    await page.getByRole('dialog').getByRole('button', { name: 'Trả lại', exact: true }).click();
    const notice = page.getByRole('dialog').filter({ hasText: 'Nhiệm vụ vừa được cập nhật' });
    await notice.waitFor();
    await showsText(notice, 'Trạng thái: Chờ duyệt → Hoàn thành', true);
    await screenshot(page, 'nhiem-vu-xung-dot-desktop');
    await notice.getByRole('button', { name: 'Đã hiểu' }).click();
    await page.getByTestId('task-status').filter({ hasText: 'Hoàn thành' }).waitFor();
    expect(await page.getByRole('button', { name: 'Trả lại', exact: true }).count()).toBe(0);
    await page.context().close();
  });
  it('lets the unit ask for more time, split off a sub-task and comment, and the assigner grant the extension', async () => {
    const task = await assign('Lập danh mục dự án kêu gọi đầu tư giai đoạn 2026–2030');
    const newDue = dayFromToday(35);
    const manager = await world.page(DESKTOP);
    await world.signIn(manager, 'skhdt.giamdoc', `/nhiem-vu/${task.id}`);
    await manager.getByRole('heading', { level: 1, name: task.title }).waitFor();

    await manager.getByRole('button', { name: 'Đề nghị gia hạn', exact: true }).click();
    const ask = manager.getByRole('dialog');
    await ask.getByLabel('Đề nghị gia hạn đến ngày').fill(ddmmyyyy(newDue));
    await ask.getByLabel('Đề nghị gia hạn đến ngày').press('Enter');
    await ask.getByLabel('Lý do đề nghị gia hạn').fill('Chờ ý kiến của các bộ, ngành.');
    await ask.getByRole('button', { name: 'Gửi đề nghị', exact: true }).click();
    await manager.getByText(`Đang chờ quyết định gia hạn đến ${ddmmyyyy(newDue)}`).waitFor();

    await manager.getByRole('button', { name: 'Giao nhiệm vụ con', exact: true }).click();
    const split = manager.getByRole('dialog');
    await split.getByLabel('Tên nhiệm vụ con').fill('Tổng hợp đề xuất dự án của các huyện');
    await pickUnit(manager, 'Đơn vị thực hiện', 'tong hop', 'Phòng Tổng hợp, Quy hoạch');
    await split.getByLabel('Hạn xử lý', { exact: true }).fill(ddmmyyyy(dayFromToday(10)));
    await split.getByLabel('Hạn xử lý', { exact: true }).press('Enter');
    await split.getByRole('button', { name: 'Giao nhiệm vụ con', exact: true }).click();
    await manager.getByRole('link', { name: 'Tổng hợp đề xuất dự án của các huyện' }).waitFor();

    await manager.getByLabel('Ý kiến trao đổi').fill('Đề nghị Phòng Tổng hợp hoàn thành trước.');
    await manager.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await manager.getByText('Đề nghị Phòng Tổng hợp hoàn thành trước.', { exact: true }).waitFor();
    expect(await seriousViolations(manager)).toEqual([]);
    await manager.context().close();

    const page = await world.page(DESKTOP);
    await world.signIn(page, 'chutich', `/nhiem-vu/${task.id}`);
    await page.getByRole('button', { name: 'Xét đề nghị gia hạn', exact: true }).click();
    const decide = page.getByRole('dialog');
    await decide.getByText('Lý do: Chờ ý kiến của các bộ, ngành.').waitFor();
    await decide.getByText('Đồng ý gia hạn', { exact: true }).click();
    await decide.getByRole('button', { name: 'Ghi nhận quyết định', exact: true }).click();
    await page.getByText(`hạn ban đầu ${ddmmyyyy(dayFromToday(20))}`, { exact: false }).waitFor();
    await page.getByText('Đề nghị Phòng Tổng hợp hoàn thành trước.', { exact: true }).waitFor();
    await screenshot(page, 'nhiem-vu-gia-han-desktop');
    await page.context().close();

    const stored = await world.stack.http
      .get(`/api/v1/tasks/${task.id}`)
      .set('authorization', `Bearer ${leader}`)
      .expect(200);
    expect(stored.body).toMatchObject({
      dueDate: newDue,
      extensionsApproved: 1,
      pendingExtension: null,
    });
    const children = await world.stack.http
      .get(`/api/v1/tasks?parentTaskId=${task.id}`)
      .set('authorization', `Bearer ${leader}`)
      .expect(200);
    expect(children.body.items).toEqual([
      expect.objectContaining({
        title: 'Tổng hợp đề xuất dự án của các huyện',
        dueDate: dayFromToday(10),
        leadUnitId: unit['SKHDT-TH'],
      }),
    ]);
  });
});
