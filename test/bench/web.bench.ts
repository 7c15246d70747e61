/**
 * npm run bench:web — the web app's speed targets (issue 10), in a real Chromium:
 *  1. the JS + CSS a cold browser loads for the login page, then for the dashboard (gzipped);
 *  2. "dashboard ready" (the headline shown) after navigating to /tong-quan with the demo data,
 *     median of BENCH_RUNS, the first (cold) visit apart;
 *  3. with 100 000 tasks (the lists bench's generator), a unit manager's list first page over
 *     HTTP on loopback (an upper bound on server time), median of BENCH_RUNS.
 * Needs `npm run build` (the worker runs from dist) and the built web app (npm run build:web).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { chromium, type Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { startThrowawayEnvironment } from '../../apps/launcher/src/dev-environment';
import { migrate } from '../../db/data-source';
import { seedDemoData } from '../../db/seeds/demo-data';
import { DEMO_PASSWORD } from '../../db/seeds/demo-organization';
import { UsersService } from '../../libs/organization/users.service';
import { vnDateOf } from '../../libs/domain/dates';
import {
  BENCH_ROOT,
  generateTasks,
  generateUnits,
  log,
  machine,
  median,
  runBench,
} from './bench-support';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const root = join(__dirname, '..', '..', '..');
const webDist = join(root, 'apps', 'web', 'dist');
const HEADLINE = /nhiệm vụ hoàn thành đúng hạn, trước hạn/;

/** Gzipped size of the same-origin .js/.css a page loads, from the built files. */
function track(page: Page, origin: string): () => { files: number; kb: number } {
  const seen = new Set<string>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin === origin && /\.(js|css)$/.test(url.pathname)) seen.add(url.pathname);
  });
  return () => {
    let bytes = 0;
    for (const path of seen) bytes += gzipSync(readFileSync(join(webDist, path))).length;
    return { files: seen.size, kb: Math.round(bytes / 102.4) / 10 };
  };
}

async function main() {
  const env = await startThrowawayEnvironment('giaoviec_bench', log);
  let worker: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    await migrate(env.databaseUrl);
    const appEnv = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: `bench-${randomBytes(3).toString('hex')}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: webDist,
    };
    worker = spawn(process.execPath, [join(root, 'dist/apps/worker/src/main.js')], {
      env: { ...process.env, ...appEnv, PORT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    process.on('exit', () => worker?.kill('SIGKILL'));
    const api = await createApiApp(appEnv);
    await api.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    await seedDemoData(api);
    const results: string[] = [];
    const record = (what: string, value: string) => {
      results.push(`| ${what} | ${value} |`);
      log(`${what}: ${value}`);
    };

    // 1. What a cold browser downloads: the login page, then (signed in) the dashboard.
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const loginAssets = track(page, origin);
    await page.goto(`${origin}/dang-nhap`, { waitUntil: 'networkidle' });
    const login = loginAssets();
    record('login page, initial JS + CSS (gzip)', `${login.kb} KB in ${login.files} files`);
    await page.getByLabel('Tên đăng nhập').fill('chutich');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText(HEADLINE).first().waitFor({ timeout: 30_000 });
    const storageState = await context.storageState();
    await context.close();

    const cold = await browser.newContext({ storageState, locale: 'vi-VN' });
    const coldPage = await cold.newPage();
    const dashAssets = track(coldPage, origin);
    let t0 = performance.now();
    await coldPage.goto(`${origin}/tong-quan`);
    await coldPage.getByText(HEADLINE).first().waitFor({ timeout: 30_000 });
    const coldMs = performance.now() - t0;
    const ready = dashAssets();
    record(
      'dashboard, JS + CSS loaded when the headline shows (gzip, cold cache)',
      `${ready.kb} KB in ${ready.files} files`,
    );
    // Then the chart (ECharts) and the lists' chunks, loaded after the figures are on screen.
    await coldPage.waitForLoadState('networkidle');
    const all = dashAssets();
    record('dashboard, all JS + CSS once idle (gzip)', `${all.kb} KB in ${all.files} files`);
    record('dashboard ready, first visit (cold cache)', `${coldMs.toFixed(0)} ms`);

    // 2. Dashboard ready on later visits (the browser's cache warm, as every morning).
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await coldPage.goto(`${origin}/tong-quan`);
      await coldPage.getByText(HEADLINE).first().waitFor({ timeout: 30_000 });
      samples.push(performance.now() - t0);
    }
    record(`dashboard ready, median of ${RUNS}`, `${median(samples).toFixed(0)} ms`);
    await cold.close();
    await api.close();

    // 3. A unit's list at 100 000 tasks, in a database of its own (the generated province).
    const listsDb = `giaoviec_bench_lists_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: env.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${listsDb}`);
    await admin.end();
    const listsUrl = new URL(env.databaseUrl);
    listsUrl.pathname = `/${listsDb}`;
    await migrate(listsUrl.toString());
    const db = new Client({ connectionString: listsUrl.toString() });
    await db.connect();
    db.on('error', () => undefined);
    await generateUnits(db);
    const listsApi = await createApiApp({ ...appEnv, DATABASE_URL: listsUrl.toString() });
    await listsApi.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(listsApi.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const [dept] = (await db.query(`SELECT id FROM units WHERE code = 'SO7'`)).rows;
    const users = listsApi.get(UsersService);
    const password = 'Bench@2026-web';
    const leader = await users.create({
      username: 'bench.chutich',
      password,
      fullName: 'Bench',
      title: 'Chủ tịch',
      unitId: BENCH_ROOT,
      roles: ['leader'],
    });
    await users.create({
      username: 'bench.so7',
      password,
      fullName: 'Bench',
      title: 'Giám đốc Sở',
      unitId: dept.id,
      roles: ['unit_manager'],
    });
    await generateTasks(db, TASKS, 0.45, leader.id, vnDateOf(new Date()));
    const token = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.so7', password }),
    }).then(async (r) => ((await r.json()) as { accessToken: string }).accessToken);
    for (const [what, path] of [
      [
        'unit list, first page (the unit’s open tasks by due date)',
        '/tasks?myRole=lead&sort=dueDate',
      ],
      ['unit list, first page (newest first)', '/tasks?myRole=lead'],
    ]) {
      const times: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        t0 = performance.now();
        const res = await fetch(`${base}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.json();
        if (i > 0) times.push(performance.now() - t0);
      }
      record(
        `${what}, ${TASKS.toLocaleString('en')} tasks, median`,
        `${median(times).toFixed(1)} ms`,
      );
    }
    await listsApi.close();
    await db.end();

    console.log(
      [
        '',
        `## bench:web — ${new Date().toISOString().slice(0, 10)}, ${machine()}`,
        '',
        '| measure | result |',
        '| --- | --- |',
        ...results,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    worker?.kill('SIGTERM');
    await env.stop();
  }
}

runBench(main);
