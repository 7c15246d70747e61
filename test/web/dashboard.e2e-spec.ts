import { insertTasks, times } from '../support/task-fixtures';
import {
  BrowserStack,
  PHONE,
  readHeadline,
  screenshot,
  seriousViolations,
} from './support/browser';

jest.setTimeout(240_000);

/** Today's calendar date in Vietnam, and a date `days` from a given one. */
const vnToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

interface Counts {
  total: number;
  indicators: Record<'5.1' | '5.2' | '5.3' | '5.4', number>;
}

describe('Tổng quan: the leader’s overview of the reporting period', () => {
  let world: BrowserStack;
  let leader: string;
  let manager: string;
  let units: Record<string, string>;
  /** The current quarter's window from the API, cut at today as the page does. */
  let range: { from: string; to: string; label: string };
  const today = vnToday();

  const api = (token: string) => ({
    get: async (url: string) =>
      (await world.stack.http.get(url).set('Authorization', `Bearer ${token}`).expect(200)).body,
    post: async (url: string, body: object) =>
      (await world.stack.http.post(url).set('Authorization', `Bearer ${token}`).send(body)).body,
  });

  /** The completion report the page should show, read straight from the API. */
  const reported = async (): Promise<Counts> =>
    (
      await api(leader).get(
        `/api/v1/reports/completion?scope=UBND&from=${range.from}&to=${range.to}&groupBy=unit`,
      )
    ).window.totals;

  beforeAll(async () => {
    world = await BrowserStack.start();
    units = world.org.unitIds;
    [leader, manager] = await Promise.all(
      ['chutich', 'skhdt.giamdoc'].map((u) => world.stack.login(u)),
    );

    // The quarter today falls in, from the API's ND 09/2019 windows (what the page opens on).
    const year = Number(today.slice(0, 4));
    const candidates = [
      ...[1, 2, 3, 4].map((q) => `quarter/${year}?number=${q}`),
      `quarter/${year + 1}?number=1`,
    ];
    const windows = await Promise.all(
      candidates.map((c) => api(leader).get(`/api/v1/reports/periods/${c}`)),
    );
    const current = windows.find((w) => w.from <= today && today <= w.to);
    range = { from: current.from, to: minDate(current.to, today), label: current.label };

    // History inside the window: on time, late and overdue work in three departments.
    const start = maxDate(range.from, addDays(today, -20));
    const before = (days: number) => maxDate(start, addDays(today, -days));
    await insertTasks(world.stack.db, 'chutich', [
      ...times(4, {
        lead: 'SKHDT',
        assignedOn: start,
        dueDate: addDays(today, 30),
        completedOn: start,
      }),
      ...times(2, {
        lead: 'SNV-CCHC',
        assignedOn: start,
        dueDate: before(5),
        completedOn: before(2),
        explanation: 'Chờ ý kiến thẩm định của Sở Tư pháp',
      }),
      ...times(3, {
        lead: 'STP',
        assignedOn: start,
        dueDate: before(3),
        title: 'Rà soát văn bản quy phạm pháp luật năm 2026',
        explanation: 'Thiếu nhân sự',
      }),
      ...times(2, { lead: 'STTTT', assignedOn: start, dueDate: addDays(today, 40) }),
    ]);
    // A live task due this week, through the API (it runs as a workflow).
    await api(leader).post('/api/v1/tasks', {
      title: 'Báo cáo tình hình giải ngân vốn đầu tư công',
      source: 'ubnd_tinh',
      leadUnitId: units.SKHDT,
      dueDate: addDays(today, 1),
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the API’s figures for the quarter, moves by one when a task is completed, and opens the tasks behind a number', async () => {
    const page = await world.page();
    await world.signIn(page, 'chutich', '/tong-quan');
    await page.getByTestId('headline').waitFor();

    // The headline and the 5.1–5.4 block are the completion report's numbers.
    const before = await reported();
    expect(await readHeadline(page)).toEqual({
      onTime: before.indicators['5.2'],
      total: before.total,
    });
    expect(before.indicators['5.4']).toBeGreaterThan(0);
    for (const [code, label] of [
      ['5.1', 'Tổng số nhiệm vụ được giao'],
      ['5.2', 'Hoàn thành đúng hạn, trước hạn'],
      ['5.3', 'Hoàn thành nhưng quá hạn'],
      ['5.4', 'Quá hạn chưa hoàn thành'],
    ] as const) {
      await page
        .getByRole('button', { name: `${code} ${label}: ${before.indicators[code]} nhiệm vụ` })
        .first()
        .waitFor();
    }
    expect(await page.getByTestId('period-range').innerText()).toContain(
      `${range.from.split('-').reverse().join('/')}`,
    );

    // The chart (its own chunk) draws, is named for screen readers, and the table holds its data.
    const chart = page.getByRole('img', { name: /Biểu đồ kết quả theo đơn vị/ });
    await chart.locator('svg').first().waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Cao nhất: Sở Tư pháp');
    const firstRow = page.locator('table tbody tr').first();
    expect(await firstRow.locator('th').innerText()).toBe('Sở Tư pháp');

    // The overdue list and the due-this-week list.
    await page.getByRole('link', { name: 'Báo cáo tình hình giải ngân vốn đầu tư công' }).waitFor();
    await page.getByRole('heading', { name: 'Nhiệm vụ quá hạn: 3 nhiệm vụ, xem tất cả' }).waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tong-quan-desktop');

    // Sở KH&ĐT completes a task through the API (assign → submit → approve, today).
    const task = await api(leader).post('/api/v1/tasks', {
      title: 'Xây dựng kế hoạch đầu tư công trung hạn giai đoạn 2026–2030',
      source: 'chu_tich_ubnd_tinh',
      leadUnitId: units.SKHDT,
      dueDate: addDays(today, 20),
    });
    expect(task.id).toBeDefined();
    const submitted = await api(manager).post(`/api/v1/tasks/${task.id}/submit`, {
      result: 'Đã trình kế hoạch',
    });
    expect(submitted.status).toBe('submitted');
    const approved = await api(leader).post(`/api/v1/tasks/${task.id}/approve`, {});
    expect(approved.status).toBe('completed');

    await page.reload();
    await page.getByTestId('headline').waitFor();
    const after = await reported();
    expect(after.indicators['5.2']).toBe(before.indicators['5.2'] + 1);
    expect(after.total).toBe(before.total + 1);
    expect(await readHeadline(page)).toEqual({
      onTime: after.indicators['5.2'],
      total: after.total,
    });

    // A number opens the tasks behind it, and from there the task list with the same filters.
    await page
      .getByRole('button', {
        name: `5.4 Quá hạn chưa hoàn thành: ${after.indicators['5.4']} nhiệm vụ`,
      })
      .first()
      .click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`${after.indicators['5.4']} nhiệm vụ`, { exact: true }).waitFor();
    expect(
      await drawer
        .getByRole('link', { name: 'Rà soát văn bản quy phạm pháp luật năm 2026' })
        .count(),
    ).toBe(3);
    await drawer.getByText('Giải trình: Thiếu nhân sự').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await drawer.getByRole('link', { name: 'Quá hạn chưa hoàn thành', exact: true }).click();
    await page.waitForURL(/\/nhiem-vu\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/nhiem-vu');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      unitId: units.UBND,
      timeliness: 'overdue',
    });

    // The overdue list's count leads to the task list filtered the same way.
    await page.goBack();
    await page
      .getByRole('heading', { name: /^Nhiệm vụ quá hạn/ })
      .getByRole('link')
      .click();
    await page.waitForURL(/\/nhiem-vu\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      overdueOnly: 'true',
      sort: 'dueDate',
    });
    await page.context().close();
  });

  it('switches to another period from the picker and keeps it in the URL', async () => {
    const page = await world.page();
    await world.signIn(page, 'chutich', '/tong-quan');
    await page.getByTestId('headline').waitFor();
    await page
      .getByRole('group', { name: 'Chọn kỳ báo cáo' })
      .getByText('Năm', { exact: true })
      .click();
    await page.waitForURL(/ky=nam/);
    const year = new URL(page.url()).searchParams.get('nam');
    const window = await api(leader).get(`/api/v1/reports/periods/year/${year}`);
    const to = minDate(window.to, today);
    const totals = (
      await api(leader).get(`/api/v1/reports/completion?scope=UBND&from=${window.from}&to=${to}`)
    ).window.totals;
    await page.getByText(window.label).first().waitFor();
    await expect(readHeadline(page)).resolves.toEqual({
      onTime: totals.indicators['5.2'],
      total: totals.total,
    });
    await page.context().close();
  });

  it('fits a 390 px phone', async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'chutich', '/tong-quan');
    await page.getByTestId('headline').waitFor();
    await page
      .getByRole('img', { name: /Biểu đồ kết quả theo đơn vị/ })
      .locator('svg')
      .first()
      .waitFor();
    await page.getByRole('list', { name: 'Kết quả theo đơn vị' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tong-quan-phone');

    // The tasks behind a number open in a sheet from the bottom, still within the screen.
    await page
      .getByRole('button', { name: /^5\.4 Quá hạn chưa hoàn thành: \d+ nhiệm vụ/ })
      .first()
      .click();
    await page.getByRole('dialog').getByText('Giải trình: Thiếu nhân sự').first().waitFor();
    // (once the sheet has slid in: its motion briefly widens the page)
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, PHONE.width, {
      timeout: 5_000,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
