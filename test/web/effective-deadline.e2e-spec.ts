import { BrowserStack, PHONE, screenshot, seriousViolations } from './support/browser';

jest.setTimeout(180_000);

describe('Hạn xử lý rơi vào ngày nghỉ: the task page shows both dates', () => {
  let world: BrowserStack;

  beforeAll(async () => {
    world = await BrowserStack.start({ DEADLINE_ON_NON_WORKING_DAY: 'next_working_day' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the written Saturday and the Monday the deadline runs to, on a phone', async () => {
    const leader = await world.stack.login('chutich');
    const { body: task } = await world.stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Báo cáo kết quả cải cách hành chính quý I/2027',
        source: 'ubnd_tinh',
        leadUnitId: world.org.unitIds.SKHDT,
        dueDate: '2027-03-06',
      })
      .expect(201);
    const page = await (await world.context(PHONE)).newPage();
    await world.signIn(page, 'chutich', `/nhiem-vu/${task.id}`);
    await page.getByText('06/03/2027', { exact: true }).waitFor();
    expect((await page.getByTestId('effective-due-date').innerText()).trim()).toBe(
      '– rơi vào ngày nghỉ, hạn tính đến hết Thứ Hai, 08/03/2027 (Điều 148 Bộ luật Dân sự)',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'han-ngay-nghi-phone');
  });
});
