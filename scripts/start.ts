/**
 * `npm run start:web` / `npm start`: the whole demo on one machine with embedded defaults.
 *   --web       relay + district simulator + workstation core + browser host (open the printed URL)
 *   --electron  relay + district simulator + `electron .` (the Electron shell hosts its own core)
 * Ctrl-C (SIGINT) or SIGTERM closes everything and exits 0.
 *
 * Environment (all optional): RELAY_PORT (4800), DISTRICT_PORT (4810), WEB_PORT (4820), WEB_HOST
 * (127.0.0.1), DATA_DIR (.data), DISTRICT_RATE (0.5 changes/s), DEMO_DAYS / DEMO_CASES_PER_DAY (history
 * seeded into an empty relay: 30 / 60), WALL_TOKEN, ACCESS_TOKEN, STATS_WORKERS (--web: statistics worker
 * threads of the core, 0; see docs/workstation-api.md "Statistics"), SMS_PORT (4830: the SMS gateway simulator,
 * whose page lists the SMS notices the relay sent; docs/sms.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../shared/demo/refData.js';
import { startDistrictSim, type DistrictSim } from '../relay/district-sim/sim.js';
import { startRelay, type RelayHandle } from '../relay/server.js';
import { startSmsSim, type SmsSim } from '../relay/sms-sim/sim.js';
import { createCore, type Core } from '../electron/core/index.js';
import { startWebHost, type WebHost } from '../electron/web/server.js';

type Mode = 'web' | 'electron';

const env = process.env;
const intEnv = (name: string, fallback: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`start: ${name} must be a port number (0-65535), got "${v}"`);
    process.exit(2);
  }
  return n;
};

function parseMode(argv: readonly string[]): Mode {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: tsx scripts/start.ts --web | --electron   (npm run start:web / npm start)');
    process.exit(0);
  }
  const web = argv.includes('--web');
  const electron = argv.includes('--electron');
  if (web === electron) {
    console.error('start: pass exactly one of --web or --electron');
    process.exit(2);
  }
  return web ? 'web' : 'electron';
}

/** Path of the Electron binary, or null with the reason when it is not installed/downloaded. */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return { missing: `the electron package has no binary (${pathFile} is missing: its download did not run or failed)` };
    const bin = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (!fs.existsSync(bin)) return { missing: `the Electron binary ${bin} does not exist` };
    return { path: bin };
  } catch (e) {
    return { missing: `the electron package is not installed (${(e as Error).message})` };
  }
}

async function main(): Promise<void> {
  const mode = parseMode(process.argv.slice(2));
  const dataDir = path.resolve(env.DATA_DIR ?? '.data');
  const host = env.WEB_HOST ?? '127.0.0.1';
  const relayPort = intEnv('RELAY_PORT', 4800);
  const districtPort = intEnv('DISTRICT_PORT', 4810);
  const webPort = intEnv('WEB_PORT', 4820);
  const smsPort = intEnv('SMS_PORT', 4830);

  let electronBin: string | null = null;
  if (mode === 'electron') {
    const found = electronBinary();
    if ('missing' in found) {
      console.error(`start: cannot launch Electron: ${found.missing}.`);
      console.error('start: on a machine without the Electron binary, run the same workstation in a browser instead:  npm run start:web');
      process.exit(1);
    }
    electronBin = found.path;
  }

  const closers: Array<{ name: string; close: () => Promise<void> }> = [];
  let stopping = false;
  const stop = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${reason}: closing…`);
    for (const c of [...closers].reverse()) {
      try {
        await c.close();
        console.log(`[start] ${c.name} closed`);
      } catch (e) {
        console.error(`[start] closing ${c.name} failed: ${(e as Error).message}`);
        code = code || 1;
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    // The SMS gateway simulator first: the relay sends its notices there (docs/sms.md).
    const smsKey = crypto.randomBytes(16).toString('hex');
    const smsSim: SmsSim = await startSmsSim({ port: smsPort, host: '127.0.0.1', key: smsKey, auth: 'hmac', log: (m) => console.log(`[sms-sim] ${m}`) });
    closers.push({ name: 'SMS gateway simulator', close: () => smsSim.close() });
    const relay: RelayHandle = await startRelay({
      port: relayPort,
      host: '127.0.0.1',
      dataDir: path.join(dataDir, 'relay'),
      districtUrl: `http://127.0.0.1:${districtPort}`,
      smsGatewayUrl: smsSim.endpoint,
      smsKey,
      smsAuth: 'hmac',
      ...(env.DEMO_DAYS ? { demoDays: Number(env.DEMO_DAYS) } : {}),
      ...(env.DEMO_CASES_PER_DAY ? { demoCasesPerDay: Number(env.DEMO_CASES_PER_DAY) } : {}),
    });
    closers.push({ name: 'relay', close: () => relay.close() });

    const sim: DistrictSim = await startDistrictSim({
      port: districtPort,
      host: '127.0.0.1',
      relayUrl: relay.url,
      rate: Number(env.DISTRICT_RATE ?? 0.5),
      log: (m) => console.log(`[district-sim] ${m}`),
    });
    closers.push({ name: 'district simulator', close: () => sim.close() });

    if (mode === 'web') {
      const core: Core = createCore({ dataDir: path.join(dataDir, 'workstation'), relayUrl: relay.url, statsWorkers: intEnv('STATS_WORKERS', 0) });
      closers.push({ name: 'workstation core', close: () => core.close() });
      const wallToken = env.WALL_TOKEN ?? crypto.randomBytes(12).toString('hex');
      const web: WebHost = await startWebHost({ core, port: webPort, host, staticDir: 'dist/renderer', wallToken, ...(env.ACCESS_TOKEN ? { accessToken: env.ACCESS_TOKEN } : {}) });
      closers.push({ name: 'browser host', close: () => web.close() });
      if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) console.warn('[start] dist/renderer/index.html is missing: run `npm run build` (npm run start:web does it first)');
      printBanner([
        `工作台 (workstation):     ${web.url}/?token=${web.accessToken}`,
        `会议大屏 (wall display):  ${web.url}/wall?token=${wallToken}`,
        `中继 (relay):             ${relay.url}   区级平台模拟 (district sim): ${sim.url}`,
        `短信网关模拟 (SMS sim):   ${smsSim.url}`,
        `数据目录 (data):          ${dataDir}`,
      ]);
    } else {
      const child: ChildProcess = spawn(electronBin!, ['.'], {
        stdio: 'inherit',
        env: { ...env, GRID_RELAY_URL: relay.url, GRID_USER_DATA_DIR: env.GRID_USER_DATA_DIR ?? path.join(dataDir, 'electron') },
      });
      closers.push({
        name: 'Electron',
        close: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      });
      child.once('exit', (code, signal) => void stop(`Electron exited (${signal ?? code})`, 0));
      child.once('error', (e) => void stop(`Electron failed to start: ${e.message}. Try: npm run start:web`, 1));
      printBanner([`Electron 工作台已启动 (Electron workstation started)`, `中继 (relay): ${relay.url}   区级平台模拟 (district sim): ${sim.url}`, `短信网关模拟 (SMS sim): ${smsSim.url}`, `数据目录 (data): ${dataDir}`]);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === 'EADDRINUSE' ? ' (a port is taken: is another instance running? set RELAY_PORT / DISTRICT_PORT / WEB_PORT)' : '';
    console.error(`[start] failed to start: ${err.message}${hint}`);
    await stop('startup failed', 1);
  }
}

function printBanner(lines: string[]): void {
  const users = ['dispatcher (调度员)', 'dispatcher2', 'supervisor (督办员)', 'leader (党工委书记)', 'wall (会议大屏, 只读)', 'admin'];
  console.log(
    [
      '',
      '────────────────────────────────────────────────────────────',
      ...lines,
      `演示账号 (demo users): ${users.join(', ')}`,
      `密码 (password): ${DEMO_PASSWORD}`,
      '按 Ctrl-C 停止 (press Ctrl-C to stop)',
      '────────────────────────────────────────────────────────────',
      '',
    ].join('\n'),
  );
}

// Run only as a script (tests import electronBinary from here).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
