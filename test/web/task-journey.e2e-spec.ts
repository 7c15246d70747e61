import type { Page } from 'playwright-core';
import {
  BrowserStack,
  DESKTOP,
  PHONE,
  readHeadline,
  screenshot,
  seriousViolations,
  pickOption,
} from './support/browser';

jest.setTimeout(300_000);

/** A tiny but valid PDF (the API checks the content, not the name). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const dialog = (page: Page) => page.getByRole('dialog');

/** Picks a unit in a UnitTreeSelect: types part of its name, then clicks it in the tree. */
export async function pickUnit(page: Page, label: string, search: string, name: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByLabel(label, { exact: true }).fill(search);
  await page.locator(`.ant-select-tree-node-content-wrapper[title="${name}"]`).click();
}

/** Opens a group of Việc của tôi (Mới giao, Chờ duyệt…), shown as tabs or as links. */
async function openGroup(page: Page, name: RegExp) {
  await page
    .getByRole('tab', { name })
    .or(page.getByRole('navigation', { name: 'Nhóm nhiệm vụ' }).getByRole('link', { name }))
    .first()
    .click();
}

async function statusIs(page: Page, status: string) {
  await page.getByTestId('task-status').filter({ hasText: status }).waitFor();
}

/** Clicks an action on the task page, fills its dialog and confirms it. */
async function act(
  page: Page,
  button: string,
  fill: (d: ReturnType<typeof dialog>) => Promise<void>,
  ok: string,
) {
  await page
    .getByRole('group', { name: 'Thao tác với nhiệm vụ' })
    .getByRole('button', { name: button, exact: true })
    .click();
  const d = dialog(page);
  await d.waitFor();
  await fill(d);
  await d.getByRole('button', { name: ok, exact: true }).click();
  await d.waitFor({ state: 'hidden' });
}

describe('The main journey of a task, in the browser', () => {
  let world: BrowserStack;
  beforeAll(async () => {
    world = await BrowserStack.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a leader assigns a task due in 5 working days, the unit accepts, reports 50 % with a PDF, submits, and the leader approves', async () => {
    const title = `Xây dựng kế hoạch chuyển đổi số năm 2027 (${Date.now()})`;
    const leaderToken = await world.stack.login('chutich');

    // The overview before: the current period's "x/y nhiệm vụ hoàn thành đúng hạn, trước hạn".
    const leader = await world.page(DESKTOP);
    await world.signIn(leader, 'chutich', '/tong-quan');
    await leader.getByTestId('headline').waitFor();
    const before = await readHeadline(leader);

    // 1. The Chủ tịch assigns through the Giao nhiệm vụ form.
    await leader.goto('/nhiem-vu/giao-moi');
    await leader.getByRole('heading', { level: 1, name: 'Giao nhiệm vụ' }).waitFor();
    await leader.getByLabel('Tên nhiệm vụ').fill(title);
    await pickUnit(leader, 'Đơn vị chủ trì', 'ke hoach', 'Sở Kế hoạch và Đầu tư');
    // The specialist works in a phòng of the Sở: named as Người thực hiện, they see and act on it.
    await leader.getByLabel(/^Người thực hiện/).click();
    await leader.locator('.ant-select-item-option[title^="Lê Thị Hồng"]').click();
    await pickOption(leader, 'Nguồn giao', 'Chủ tịch UBND tỉnh');
    await leader.getByLabel('Số/ký hiệu văn bản giao').fill('389/KH-UBND');
    await leader.getByText('Số ngày làm việc', { exact: true }).click();
    await leader.getByLabel('Hạn xử lý: trong số ngày làm việc').fill('5');
    await leader.getByText(/Hạn xử lý sẽ là/).waitFor();
    await leader.getByLabel('Nội dung, yêu cầu').fill('Trình UBND tỉnh dự thảo kế hoạch.');
    await screenshot(leader, 'giao-nhiem-vu-da-dien-desktop');
    await leader.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).click();
    await leader.waitForURL(/\/nhiem-vu\/[0-9a-f-]{36}$/);
    const id = new URL(leader.url()).pathname.split('/').pop()!;
    await leader
      .getByText(/Đã giao nhiệm vụ/)
      .first()
      .waitFor();

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    );
    const expected = await world.stack.http
      .get(`/api/v1/calendar/working-days?from=${today}&days=5`)
      .set('authorization', `Bearer ${leaderToken}`)
      .expect(200);
    const [{ id: specialistId }] = await world.stack.db.query(
      `SELECT id FROM users WHERE username = 'skhdt.chuyenvien'`,
    );
    const stored = await world.stack.http
      .get(`/api/v1/tasks/${id}`)
      .set('authorization', `Bearer ${leaderToken}`)
      .expect(200);
    expect(stored.body).toMatchObject({
      title,
      status: 'assigned',
      source: 'chu_tich_ubnd_tinh',
      sourceDocument: '389/KH-UBND',
      dueDate: expected.body.date,
      leadUnit: { code: 'SKHDT' },
      assigneeId: specialistId,
    });
    const [y, m, d] = (expected.body.date as string).split('-');
    await leader.getByText(`${d}/${m}/${y}`, { exact: true }).waitFor();
    await leader
      .getByTestId('working-days-left')
      .filter({ hasText: 'còn 5 ngày làm việc' })
      .waitFor();
    // The people are named from the task itself; no reminder has gone out yet.
    await leader.getByText('Phạm Thiện Nghĩa – Ủy ban nhân dân tỉnh Đồng Tháp').waitFor();
    await leader.getByText('Lê Thị Hồng', { exact: true }).first().waitFor();
    await leader.getByText(/Chưa có nhắc hạn nào được gửi/).waitFor();

    // 2. The specialist (named as Người thực hiện), on a phone, finds it under Mới giao, accepts and reports 50 % with a PDF.
    const specialist = await world.page(PHONE);
    await world.signIn(specialist, 'skhdt.chuyenvien', '/viec-cua-toi');
    // Named on the task: it is among "Của tôi" (tasks of the whole unit are under "Của đơn vị").
    await specialist.getByText('Của tôi', { exact: true }).click();
    await openGroup(specialist, /Mới giao/);
    await specialist.getByRole('link', { name: title }).first().click();
    await specialist.waitForURL(`**/nhiem-vu/${id}`);
    await statusIs(specialist, 'Mới giao');
    await act(specialist, 'Tiếp nhận', async () => {}, 'Xác nhận tiếp nhận');
    await statusIs(specialist, 'Đang thực hiện');
    await act(
      specialist,
      'Báo cáo tiến độ',
      async (d) => {
        await d.getByLabel('Tỷ lệ hoàn thành (%)').fill('50');
        await d
          .getByLabel('Nội dung báo cáo')
          .fill('Đã hoàn thành dự thảo lần 1, đang lấy ý kiến các sở.');
        await d.locator('input[type=file]').setInputFiles({
          name: 'du-thao-ke-hoach.pdf',
          mimeType: 'application/pdf',
          buffer: PDF,
        });
      },
      'Gửi báo cáo',
    );
    await specialist
      .getByRole('button', { name: /Tải về tệp du-thao-ke-hoach\.pdf/ })
      .first()
      .waitFor();
    expect(
      await specialist.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(PHONE.width);
    await screenshot(specialist, 'nhiem-vu-chi-tiet-dang-thuc-hien-phone');

    const files = await world.stack.http
      .get(`/api/v1/tasks/${id}/files`)
      .set('authorization', `Bearer ${leaderToken}`)
      .expect(200);
    expect(files.body).toEqual([
      expect.objectContaining({
        name: 'du-thao-ke-hoach.pdf',
        kind: 'progress',
        eventSeq: 3,
        contentType: 'application/pdf',
      }),
    ]);

    // 3. The unit's manager submits the result.
    const manager = await world.page(DESKTOP);
    await world.signIn(manager, 'skhdt.giamdoc', `/nhiem-vu/${id}`);
    await statusIs(manager, 'Đang thực hiện');
    await act(
      manager,
      'Trình kết quả',
      async (d) => {
        await d.getByLabel('Kết quả thực hiện').fill('Đã ban hành kế hoạch của Sở.');
        await d.getByLabel('Số/ký hiệu văn bản kết quả').fill('102/KH-SKHDT');
      },
      'Trình kết quả',
    );
    await statusIs(manager, 'Chờ duyệt');

    // 4. The leader approves from Chờ duyệt.
    await leader.goto('/viec-cua-toi');
    await openGroup(leader, /Chờ duyệt/);
    await leader.getByRole('link', { name: title }).first().click();
    await leader.waitForURL(`**/nhiem-vu/${id}`);
    await statusIs(leader, 'Chờ duyệt');
    await act(
      leader,
      'Phê duyệt',
      async (d) => d.getByLabel('Ý kiến phê duyệt').fill('Đồng ý.'),
      'Phê duyệt',
    );
    await statusIs(leader, 'Hoàn thành');
    await leader.getByText('Kết quả đã trình').waitFor();
    await leader
      .getByTestId('task-result')
      .filter({ hasText: 'Đã ban hành kế hoạch của Sở.' })
      .waitFor();
    // A reminder the workflow sent (the row its activity writes) shows under "Nhắc hạn đã gửi".
    await world.stack.db.query(
      `INSERT INTO task_reminders
         (task_id, kind, due_date, due_version, escalated, recipient_ids, scheduled_at, sent_at)
       SELECT t.id, 'before_3', t.due_date, 1, false, ARRAY[u.id], $2, $2
       FROM tasks t, users u WHERE t.id = $1 AND u.username = 'skhdt.giamdoc'`,
      [id, '2026-12-02T01:00:00Z'],
    );
    await leader.reload();
    await leader
      .getByTestId('task-reminders')
      .filter({ hasText: 'Nhắc trước hạn 3 ngày — gửi lúc 08:00 02/12/2026' })
      .filter({ hasText: 'Gửi đến: Nguyễn Văn Dũng' })
      .waitFor();

    // The history lists each step, in order, with who did it.
    const steps = await leader.getByTestId('history-item').allInnerTexts();
    expect(steps.map((s) => s.split('\n')[0])).toEqual([
      'Giao nhiệm vụ',
      'Tiếp nhận nhiệm vụ',
      'Báo cáo tiến độ',
      'Trình kết quả',
      'Phê duyệt kết quả',
    ]);
    expect(steps[2]).toContain('Tỷ lệ hoàn thành: 50%');
    expect(steps[2]).toContain('du-thao-ke-hoach.pdf');
    expect(steps[3]).toContain('Văn bản kết quả: 102/KH-SKHDT');
    // No action is left to take on a completed task.
    expect(await leader.getByRole('group', { name: 'Thao tác với nhiệm vụ' }).count()).toBe(0);
    expect(await seriousViolations(leader)).toEqual([]);
    await screenshot(leader, 'nhiem-vu-chi-tiet-hoan-thanh-desktop');

    const done = await world.stack.http
      .get(`/api/v1/tasks/${id}`)
      .set('authorization', `Bearer ${leaderToken}`)
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', progressPercent: 100 });

    // The overview's figures move by one: one more task, completed before its deadline.
    await leader.goto('/tong-quan');
    await leader.getByTestId('headline').waitFor();
    expect(await readHeadline(leader)).toEqual({
      onTime: before.onTime + 1,
      total: before.total + 1,
    });
    for (const p of [leader, specialist, manager]) await p.context().close();
  });
});
