import type { Page } from 'playwright-core';
import { insertTasks } from '../support/task-fixtures';
import { BrowserStack, DESKTOP, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(240_000);

/**
 * Tổng quan across the 1 March 2025 merge of Sở KH&ĐT into Sở Tài chính (as in
 * test/e2e/reorganisation-reports.e2e-spec.ts), Q1 2025 (15/12/2024–14/03/2025), counted by hand:
 * Sở KH&ĐT had two tasks (one early, one late), Sở Tài chính one (early).
 */
const Q1_2025 = '/tong-quan?ky=quy&nam=2025&quy=1';
const SKHDT_THEN = 'Sở Kế hoạch và Đầu tư (thôi hoạt động từ ngày 01/03/2025)';
const STC = 'Sở Tài chính';
const AS_OF_PERIOD = 'Tại kỳ báo cáo';
const CURRENT = 'Hiện nay (tính lại số liệu trước sắp xếp)';

/** The unit rows of the table under the chart (desktop), in the page's order, sorted. */
const tableUnits = async (page: Page) =>
  (await page.locator('table tbody tr th').allInnerTexts()).sort();
/** The same on a phone, where each unit is an item of a list. */
const listUnits = async (page: Page) =>
  (
    await page
      .getByRole('list', { name: 'Kết quả theo đơn vị' })
      .locator('li > span.ant-typography')
      .allInnerTexts()
  ).sort();

const organisationGroup = (page: Page) => page.getByRole('group', { name: /Đơn vị theo tổ chức/ });
const choose = (page: Page, label: string) =>
  organisationGroup(page).getByText(label, { exact: true }).click();
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('Tổng quan: units as they stood in the period, or restated on today’s organisation', () => {
  let world: BrowserStack;
  let leader: string;
  let currentText: string;

  beforeAll(async () => {
    world = await BrowserStack.start();
    const admin = await world.stack.login('admin');
    leader = await world.stack.login('chutich');
    const { body: stc } = await world.stack.http
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'STC', name: STC, kind: 'department', parentId: world.org.unitIds.UBND })
      .expect(201);
    // Closed work only: an open task would move through its own workflow, which these rows lack.
    await insertTasks(world.stack.db, 'chutich', [
      {
        lead: 'SKHDT',
        title: 'Báo cáo thu hút đầu tư tháng 01',
        assignedOn: '2025-01-06',
        dueDate: '2025-02-28',
        completedOn: '2025-02-20',
      },
      {
        lead: 'SKHDT',
        title: 'Tổng hợp kế hoạch đầu tư công năm 2025',
        assignedOn: '2025-01-10',
        dueDate: '2025-02-14',
        completedOn: '2025-02-25',
      },
      {
        lead: 'STC',
        title: 'Quyết toán ngân sách năm 2024',
        assignedOn: '2025-01-15',
        dueDate: '2025-03-10',
        completedOn: '2025-03-05',
      },
    ]);
    const { body: reorg } = await world.stack.http
      .post('/api/v1/reorganisations')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        kind: 'absorb',
        unitId: world.org.unitIds.SKHDT,
        successorUnitId: stc.id,
        effectiveOn: '2025-03-01',
        decision: 'Quyết định số 120/QĐ-UBND',
      })
      .expect(201);
    const done = await world.stack.eventually(async () => {
      const { body } = await world.stack.http
        .get(`/api/v1/reorganisations/${reorg.id}`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200);
      return ['scheduled', 'running'].includes(body.status) ? null : body;
    });
    expect(done).toMatchObject({ status: 'completed' });

    const { body: current } = await world.stack.http
      .get(
        '/api/v1/reports/completion?scope=UBND&from=2024-12-15&to=2025-03-14&organisation=current',
      )
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(current.organisation.mode).toBe('current');
    currentText = current.organisation.text;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows Sở KH&ĐT as its own row in Q1 2025, folds it into Sở Tài chính today, and keeps the choice in the URL', async () => {
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'chutich', Q1_2025);
    await page
      .getByTestId('report-organisation')
      .getByText('Theo tổ chức bộ máy tại ngày 15/12/2024 (đầu kỳ báo cáo)', { exact: true })
      .waitFor();
    expect(
      await organisationGroup(page).getByRole('radio', { name: AS_OF_PERIOD }).isChecked(),
    ).toBe(true);
    await page.locator('table tbody tr th', { hasText: SKHDT_THEN }).waitFor();
    expect(await tableUnits(page)).toEqual([STC, SKHDT_THEN].sort());
    await page
      .getByRole('button', { name: `${SKHDT_THEN}, 5.1 Tổng số nhiệm vụ được giao: 2 nhiệm vụ` })
      .waitFor();
    await page
      .getByRole('button', { name: `${STC}, 5.1 Tổng số nhiệm vụ được giao: 1 nhiệm vụ` })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tong-quan-to-chuc-ky-bao-cao-desktop');

    await choose(page, CURRENT);
    await page.waitForURL(/to-chuc=hien-nay/);
    await page.getByTestId('report-organisation').getByText(currentText, { exact: true }).waitFor();
    await page.locator('table tbody tr th', { hasText: SKHDT_THEN }).waitFor({ state: 'detached' });
    expect(await tableUnits(page)).toEqual([STC]);
    // The period's totals are the same in both: only the rows differ.
    await page
      .getByRole('button', { name: `${STC}, 5.1 Tổng số nhiệm vụ được giao: 3 nhiệm vụ` })
      .click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('3 nhiệm vụ', { exact: true }).waitFor();
    for (const title of [
      'Báo cáo thu hút đầu tư tháng 01',
      'Tổng hợp kế hoạch đầu tư công năm 2025',
      'Quyết toán ngân sách năm 2024',
    ]) {
      await drawer.getByRole('link', { name: title }).waitFor();
    }
    expect(await seriousViolations(page)).toEqual([]);
    await drawer.getByRole('button', { name: 'Đóng danh sách' }).click();
    await drawer.waitFor({ state: 'hidden' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tong-quan-to-chuc-hien-nay-desktop');

    // The Excel form is the same report: today's organisation, the same window.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/reports/completion.xlsx')),
      page.getByRole('button', { name: 'Tải biểu mẫu (Excel)' }).click(),
    ]);
    const query = Object.fromEntries(new URL(request.url()).searchParams);
    expect(query).toMatchObject({
      scope: 'UBND',
      from: '2024-12-15',
      to: '2025-03-14',
      groupBy: 'unit',
      organisation: 'current',
    });
    expect((await request.response())?.status()).toBe(200);

    // A reload (or a shared link) shows the same choice; back to the period's organisation.
    await page.reload();
    await page.getByTestId('report-organisation').getByText(currentText, { exact: true }).waitFor();
    expect(await organisationGroup(page).getByRole('radio', { name: CURRENT }).isChecked()).toBe(
      true,
    );
    await choose(page, AS_OF_PERIOD);
    await page.waitForURL((url) => !url.searchParams.has('to-chuc'));
    await page.locator('table tbody tr th', { hasText: SKHDT_THEN }).waitFor();
    expect(await tableUnits(page)).toEqual([STC, SKHDT_THEN].sort());
    expect(new URL(page.url()).searchParams.get('quy')).toBe('1');
    await page.context().close();
  });

  it('offers the choice on a 390 px phone', async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'chutich', `${Q1_2025}&to-chuc=hien-nay`);
    await page.getByTestId('report-organisation').getByText(currentText, { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Kết quả theo đơn vị' }).waitFor();
    expect(await listUnits(page)).toEqual([STC]);
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tong-quan-to-chuc-phone');

    await choose(page, AS_OF_PERIOD);
    await page
      .getByTestId('report-organisation')
      .getByText('Theo tổ chức bộ máy tại ngày 15/12/2024 (đầu kỳ báo cáo)', { exact: true })
      .waitFor();
    await page
      .getByRole('list', { name: 'Kết quả theo đơn vị' })
      .getByText(SKHDT_THEN, { exact: true })
      .waitFor();
    expect(await listUnits(page)).toEqual([STC, SKHDT_THEN].sort());
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  });
});
