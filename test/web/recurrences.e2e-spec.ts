import type { Page } from 'playwright-core';
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

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const weekdayName = (iso: string) => WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()];

async function pickUnits(page: Page, label: string, names: { search: string; name: string }[]) {
  for (const { search, name } of names) {
    await page.getByLabel(label, { exact: true }).click();
    await page.getByLabel(label, { exact: true }).fill(search);
    await page.locator(`.ant-select-tree-node-content-wrapper[title="${name}"]`).click();
  }
  await page.keyboard.press('Escape');
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('Nhiệm vụ định kỳ: create, follow each unit and period, pause — on desktop and phone', () => {
  let world: BrowserStack;

  beforeAll(async () => {
    world = await BrowserStack.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lets the Chủ tịch create a weekly report for two Sở and shows the periods given, then pause it', async () => {
    const dueDay = dayFromToday(2);
    const page = await world.page(DESKTOP);
    await world.signIn(page, 'chutich', '/dinh-ky');
    await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ định kỳ' }).waitFor();
    await page.getByText('Chưa có nhiệm vụ định kỳ. Bấm “Thêm nhiệm vụ định kỳ” để tạo.').waitFor();
    await page.getByRole('button', { name: 'Thêm nhiệm vụ định kỳ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thêm nhiệm vụ định kỳ' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Tên nhiệm vụ').fill('Báo cáo giao ban');
    await page.getByLabel('Hằng tuần, vào một thứ cố định').check();
    await pickOption(page, 'Hạn vào', weekdayName(dueDay));
    await pickUnits(page, 'Đơn vị thực hiện', [
      { search: 'ke hoach', name: 'Sở Kế hoạch và Đầu tư' },
      { search: 'noi vu', name: 'Sở Nội vụ' },
    ]);
    await pickOption(page, 'Nguồn giao', 'Chủ tịch UBND tỉnh');
    expect(await page.getByLabel('Giao trước hạn (số ngày)').inputValue()).toBe('3');
    await screenshot(page, 'dinh-ky-them-desktop');
    await page.getByRole('button', { name: 'Tạo nhiệm vụ định kỳ' }).click();

    await page.waitForURL(/\/dinh-ky\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo giao ban' }).waitFor();
    await page.getByText(`Hằng tuần, hạn ${weekdayName(dueDay)}`).waitFor();
    // Both Sở got this week's report, each a task of its own.
    const periods = page.getByRole('table', { name: 'Các kỳ đã giao' });
    await periods.getByText('Sở Kế hoạch và Đầu tư').waitFor();
    await periods.getByText('Sở Nội vụ').waitFor();
    expect(await periods.getByRole('link', { name: /^tuần \d+\/\d{4} \(/ }).count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dinh-ky-chi-tiet-desktop');

    await page.getByRole('button', { name: 'Tạm dừng' }).click();
    await page.getByLabel('Lý do tạm dừng').fill('Chờ mẫu báo cáo mới');
    await page.getByRole('dialog').getByRole('button', { name: 'Tạm dừng' }).click();
    await page
      .getByText('Đã tạm dừng; các kỳ tới sẽ không được giao cho đến khi tiếp tục.')
      .waitFor();
    await page.getByRole('button', { name: 'Tiếp tục áp dụng' }).waitFor();
    const [row] = await world.stack.db.query(`SELECT status FROM recurrences`);
    expect(row.status).toBe('paused');

    // The task itself names its period and unit.
    await periods.getByRole('link').first().click();
    await page
      .getByRole('heading', { level: 1, name: /^Báo cáo giao ban tuần \d+\/\d{4}/ })
      .waitFor();
  });

  it("shows a Sở director the recurrence and their own unit's periods, without managing it, on a phone", async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'skhdt.giamdoc', '/dinh-ky');
    await page.getByRole('link', { name: 'Báo cáo giao ban' }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo giao ban' }).waitFor();
    const periods = page.getByRole('table', { name: 'Các kỳ đã giao' });
    await periods.getByText('Sở Kế hoạch và Đầu tư').waitFor();
    expect(await periods.getByText('Sở Nội vụ').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tiếp tục áp dụng' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Kết thúc' }).count()).toBe(0);
    const records = page.getByRole('table', { name: 'Kết quả thực hiện theo đơn vị' });
    await records.getByText('Chưa có kỳ nào đến hạn.').waitFor();
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dinh-ky-chi-tiet-phone');
  });
});
