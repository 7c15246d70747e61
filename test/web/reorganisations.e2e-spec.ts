import type { Page } from 'playwright-core';
import { dayFromToday } from '../support/dates';
import { BrowserStack, DESKTOP, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(240_000);

/**
 * Picks one unit in the UnitTreeSelect labelled `label`, searching without diacritics, then closes
 * the dropdown as a user would and waits for it to be gone before the next field.
 */
async function pickUnit(page: Page, label: string, search: string, name: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(search);
  await page
    .locator(`.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${name}"]`)
    .click();
  if (await page.locator('.ant-select-dropdown:visible').count())
    await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('Sắp xếp tổ chức: record a sáp nhập, follow it to done, cancel one scheduled', () => {
  let world: BrowserStack;

  beforeAll(async () => {
    world = await BrowserStack.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lets an admin absorb Sở Nội vụ into Sở Kế hoạch và Đầu tư today, moving its open task', async () => {
    const leader = await world.stack.login('chutich');
    const { body: task } = await world.stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Rà soát vị trí việc làm năm 2027',
        source: 'ubnd_tinh',
        leadUnitId: world.org.unitIds.SNV,
        dueDate: dayFromToday(20),
      })
      .expect(201);
    // A weekly report the Sở is to give from next month: the recurrence follows the Sở too.
    await world.stack.http
      .post('/api/v1/recurrences')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Báo cáo tình hình biên chế',
        source: 'ubnd_tinh',
        rule: { kind: 'weekly', weekday: 5 },
        targetUnitIds: [world.org.unitIds.SNV],
        startsOn: dayFromToday(40),
      })
      .expect(201);

    const page = await world.page(DESKTOP);
    await world.signIn(page, 'admin', '/to-chuc');
    await page.getByRole('heading', { level: 1, name: 'Sắp xếp tổ chức' }).waitFor();
    await page
      .getByText('Chưa có phương án sắp xếp tổ chức. Bấm “Thêm sắp xếp tổ chức” để tạo.')
      .waitFor();
    await page.getByRole('button', { name: 'Thêm sắp xếp tổ chức' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thêm sắp xếp tổ chức' }).waitFor();

    await page.getByLabel('Sáp nhập (một đơn vị nhập vào đơn vị đã có)').check();
    await pickUnit(page, 'Đơn vị được sáp nhập', 'noi vu', 'Sở Nội vụ');
    await pickUnit(page, 'Sáp nhập vào đơn vị', 'ke hoach', 'Sở Kế hoạch và Đầu tư');
    await page.getByLabel('Quyết định (số/ký hiệu)').fill('Quyết định số 120/QĐ-UBND');
    expect(await page.getByLabel('Ngày có hiệu lực').inputValue()).toBe(ddmmyyyy(dayFromToday(0)));
    await page
      .getByTestId('reorganisation-explanation')
      .getByText(
        /các nhiệm vụ đang thực hiện, người dùng và đơn vị trực thuộc của Sở Nội vụ chuyển sang Sở Kế hoạch và Đầu tư; .*Nhiệm vụ đã hoàn thành giữ nguyên\./,
      )
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-them-desktop');
    await page.getByRole('button', { name: 'Ghi nhận sắp xếp tổ chức' }).click();

    await page.waitForURL(/\/to-chuc\/[0-9a-f-]{36}$/);
    await page
      .getByRole('heading', {
        level: 1,
        name: 'Sở Nội vụ sáp nhập vào Sở Kế hoạch và Đầu tư',
      })
      .waitFor();
    await page.getByText('Đã thực hiện', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('moved-tasks').innerText()).toMatch(
      /^1\s+nhiệm vụ đang thực hiện đã chuyển$/,
    );
    expect(await page.getByTestId('moved-recurrences').innerText()).toMatch(
      /^1\s+nhiệm vụ định kỳ đã chuyển$/,
    );
    // Nothing else of the Sở to take over: those counts are not shown.
    expect(await page.getByTestId('moved-plans').count()).toBe(0);
    expect(await page.getByTestId('moved-inspectionRounds').count()).toBe(0);
    await page.getByText('Quyết định số 120/QĐ-UBND').waitFor();
    const [row] = await world.stack.db.query(`SELECT lead_unit_id FROM tasks WHERE id = $1`, [
      task.id,
    ]);
    expect(row.lead_unit_id).toBe(world.org.unitIds.SKHDT);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-chi-tiet-desktop');
  });

  it('shows the Chủ tịch the list on a phone', async () => {
    const page = await world.page(PHONE);
    await world.signIn(page, 'chutich', '/to-chuc');
    const item = page.getByRole('link', {
      name: 'Sở Nội vụ sáp nhập vào Sở Kế hoạch và Đầu tư',
    });
    await item.waitFor();
    await page.getByText('Đã thực hiện', { exact: true }).waitFor();
    await page
      .getByText(`Ngày có hiệu lực: ${ddmmyyyy(dayFromToday(0))} · Quyết định số 120/QĐ-UBND`, {
        exact: true,
      })
      .waitFor();
    await page
      .getByText(
        /^Đã chuyển: 1 nhiệm vụ, \d+ người dùng, \d+ đơn vị trực thuộc, 1 nhiệm vụ định kỳ$/,
      )
      .waitFor();
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-phone');

    // The detail and the form fit the phone too.
    await item.click();
    await page.getByTestId('moved-recurrences').waitFor();
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-chi-tiet-phone');
    await page.goto('/to-chuc/moi');
    await page.getByRole('heading', { level: 1, name: 'Thêm sắp xếp tổ chức' }).waitFor();
    await page.getByLabel('Hợp nhất (hai đơn vị trở lên thành một đơn vị mới)').check();
    await page.getByLabel('Tên đơn vị mới').waitFor();
    expect(await fitsWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-them-phone');
  });

  it('cancels a rename scheduled far ahead through the Hủy button', async () => {
    const leader = await world.stack.login('chutich');
    const effectiveOn = dayFromToday(400);
    const { body: scheduled } = await world.stack.http
      .post('/api/v1/reorganisations')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        kind: 'rename',
        unitId: world.org.unitIds['SKHDT-TH'],
        name: 'Phòng Tổng hợp',
        effectiveOn,
      })
      .expect(201);
    expect(scheduled.status).toBe('scheduled');

    const page = await world.page(DESKTOP);
    await world.signIn(page, 'admin', `/to-chuc/${scheduled.id}`);
    await page.getByText('Chờ hiệu lực', { exact: true }).waitFor();
    await page
      .getByText(
        `Chưa đổi tên. Từ ngày ${ddmmyyyy(effectiveOn)}, đơn vị mang tên mới “Phòng Tổng hợp”; người dùng và nhiệm vụ giữ nguyên.`,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Hủy', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy phương án' }).click();
    await page.getByText('Đã hủy phương án sắp xếp tổ chức.').waitFor();
    await page.getByText('Đã hủy', { exact: true }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Hủy', exact: true }).count()).toBe(0);
    const [row] = await world.stack.db.query(`SELECT status FROM reorganisations WHERE id = $1`, [
      scheduled.id,
    ]);
    expect(row.status).toBe('cancelled');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'to-chuc-da-huy-desktop');
  });
});
