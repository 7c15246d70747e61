import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, seedOrganization } from '../../../db/seeds/demo-organization';
import { TestStack } from '../../support/test-stack';

/** Debian's Chromium (never Playwright's download, which fails on these machines). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * The real stack (PostgreSQL, Temporal, worker, API serving the built web app on a real port) with
 * the demo province's units and users (password DEMO_PASSWORD), and a real headless Chromium:
 * what a browser journey runs against.
 */
export class BrowserStack {
  private constructor(
    readonly stack: TestStack,
    readonly browser: Browser,
    readonly baseUrl: string,
    /** The demo province's unit and user ids, by code and username. */
    readonly org: Awaited<ReturnType<typeof seedOrganization>>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<BrowserStack> {
    const stack = await TestStack.start({ env });
    const org = await seedOrganization(stack.api);
    await stack.api.listen(0, '127.0.0.1');
    const { port } = stack.api.getHttpServer().address() as { port: number };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new BrowserStack(stack, browser, `http://127.0.0.1:${port}`, org);
  }

  /** A fresh browser profile (no session) at a given size, Vietnamese, in Vietnam's time zone. */
  async context(viewport = DESKTOP): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      viewport,
      baseURL: this.baseUrl,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      isMobile: viewport.width < 600,
      hasTouch: viewport.width < 600,
    });
    context.setDefaultTimeout(20_000);
    return context;
  }

  async page(viewport = DESKTOP): Promise<Page> {
    return (await this.context(viewport)).newPage();
  }

  /** Signs in through the login form, as a user would, and waits to leave the login page. */
  async signIn(page: Page, username: string, next = '/'): Promise<void> {
    await page.goto(`/dang-nhap?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page
      .waitForURL((url) => url.pathname !== '/dang-nhap')
      .catch(async (error) => {
        await screenshot(page, `sign-in-failed-${username}`);
        throw error;
      });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.stack?.close();
  }
}

/** axe-core on the current page: the serious and critical violations (the bar is zero). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** Writes a full-page screenshot to test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // A sticky header scrolled away would be drawn in the middle of a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The overview's headline as the page shows it: "183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn". */
export async function readHeadline(page: Page): Promise<{ onTime: number; total: number }> {
  const text = (await page.getByTestId('headline').innerText()).replace(/\s+/g, ' ');
  const match = /(\d[\d.]*)\s*\/\s*(\d[\d.]*) nhiệm vụ hoàn thành đúng hạn, trước hạn/.exec(text);
  if (!match) throw new Error(`No headline in: ${text}`);
  return {
    onTime: Number(match[1].replace(/\./g, '')),
    total: Number(match[2].replace(/\./g, '')),
  };
}

/**
 * Picks `option` in the antd Select labelled `label`, and checks that it stuck: a click that
 * lands while another dropdown is still closing is lost, so it tries again (up to three times).
 */
export async function pickOption(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const formItem = page.locator('.ant-form-item').filter({ has: field });
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await page.keyboard.press('Escape'); // close what the last try left open
    await field.click();
    await page
      .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`)
      .click();
    // The select itself (its dropdown is portaled to <body>) shows the chosen option's text.
    const chosen = formItem.locator('.ant-select').filter({ hasText: option });
    try {
      await chosen.first().waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
