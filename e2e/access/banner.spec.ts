/**
 * The links `npm run start:web` prints, opened in Debian Chromium as a new user would: the real start
 * script as a process (its relay, district simulator, core and browser host on free ports), its banner
 * read from stdout. The workstation link opens the sign-in page; the wall link opens the wall display
 * (not the workstation queue); the bare address without a token explains, in Chinese, what to open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { freePort } from '../harness/stack.js';

let proc: ChildProcess | undefined;
let dataDir = '';
test.afterEach(async () => {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((r) => proc!.once('exit', r));
    proc.kill('SIGINT');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every link of the start banner works: workstation sign-in, wall display, and a Chinese hint without a token', async ({ browser }) => {
  test.setTimeout(180_000);
  // Distinct ports: sequential free-port probes may return the same port twice.
  let [relay, district, web] = [await freePort(), await freePort(), await freePort()];
  while (new Set([relay, district, web]).size < 3) [relay, district, web] = [await freePort(), await freePort(), await freePort()];
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-banner-'));
  proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--web'], {
    env: {
      ...process.env,
      RELAY_PORT: String(relay),
      DISTRICT_PORT: String(district),
      WEB_PORT: String(web),
      DATA_DIR: dataDir,
      DEMO_DAYS: '2',
      DEMO_CASES_PER_DAY: '10',
      DISTRICT_RATE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const banner = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('按 Ctrl-C 停止')) resolve(out);
    };
    proc!.stdout!.on('data', onData);
    proc!.stderr!.on('data', onData);
    proc!.once('exit', (code) => reject(new Error(`start exited ${code}: ${out}`)));
  });
  const text = await banner;
  const workstation = /工作台 \(workstation\):\s+(\S+)/.exec(text)?.[1];
  const wall = /会议大屏 \(wall display\):\s+(\S+)/.exec(text)?.[1];
  expect(workstation).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web}/\\?token=[0-9a-f]{32}$`));
  expect(wall).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web}/wall\\?token=[0-9a-f]+$`));

  const opts = { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
  // Each link in a browser that has never seen this host (no cookie).
  const a = await browser.newContext(opts);
  const b = await browser.newContext(opts);
  const c = await browser.newContext(opts);
  try {
    const ws = await a.newPage();
    await ws.goto(workstation!);
    await expect(ws.getByTestId('login-page')).toBeVisible();
    await ws.getByTestId('login-username').fill('dispatcher');
    await ws.getByTestId('login-password').fill('grid2026');
    await ws.getByTestId('login-submit').click();
    await expect(ws.getByTestId('app-frame')).toBeVisible();

    const wallPage = await b.newPage();
    await wallPage.goto(wall!);
    await expect(wallPage.getByTestId('wall-page')).toBeVisible();
    await expect(wallPage.getByTestId('wall-title')).toHaveText('黄石街社区网格化服务管理中心');
    await expect(wallPage.getByTestId('app-frame')).toHaveCount(0);
    await expect(wallPage.getByTestId('login-page')).toHaveCount(0);

    const bare = await c.newPage();
    const res = await bare.goto(`http://127.0.0.1:${web}/`);
    expect(res?.status()).toBe(401);
    await expect(bare.locator('body')).toContainText('需要访问令牌');
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
});
