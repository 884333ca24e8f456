/**
 * `npm run district-sim`: the district platform simulator as a process. A bad option prints the problem
 * and exits with code 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueLines } from '../../shared/validation.js';
import { startDistrictSim } from './sim.js';

const num = (min: number, max: number) => z.coerce.number({ error: 'must be a number' }).min(min).max(max);
const SimConfig = z.object({
  port: num(0, 65535).int().default(4810),
  host: z.string().min(1).default('127.0.0.1'),
  relay: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('http://127.0.0.1:4800'),
  seed: num(0, 2 ** 31)
    .int()
    .default(42),
  rate: num(0, 100_000).default(0.5),
  speed: num(0.001, 1_000_000).default(60),
  webhookSecret: z.string().min(8, 'must be at least 8 characters').default('dev-webhook-secret'),
  runId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,24}$/, 'letters, digits, _ . - (at most 24)')
    .optional(),
  batch: num(1, 100).int().optional(),
  concurrency: num(1, 256).int().optional(),
  pregenerate: num(0, 10_000_000).int().default(0),
  maxChanges: num(0, 1e9).int().default(0),
  duration: num(0, 1e7).default(0),
  reports: z.boolean().default(true),
});

const USAGE = `Usage: npm run district-sim -- [options]
  --port <n>            DISTRICT_PORT (4810)    the simulator's own API (POST /api/commands)
  --relay <url>         RELAY_URL (http://127.0.0.1:4800)
  --seed <n>            (42)   same seed and --run-id: same cases and behaviour
  --rate <n>            changes per second (0.5; e.g. 0.2 trickle … 1000+ load)
  --speed <n>           simulated seconds per real second for delays (60)
  --webhook-secret <s>  DISTRICT_WEBHOOK_SECRET (dev default)
  --run-id <id>         prefix of case ids (default: derived from the clock)
  --batch <n>           changes per webhook request (auto)
  --concurrency <n>     parallel keep-alive requests (auto)
  --pregenerate <n>     build n reports before sending
  --max-changes <n>     stop producing after n changes
  --duration <s>        exit after s seconds
  --no-reports          only play departments for forwarded dispatches`;

async function main(): Promise<void> {
  let cfg: z.infer<typeof SimConfig>;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: Object.fromEntries(
        [
          'port',
          'host',
          'relay',
          'seed',
          'rate',
          'speed',
          'webhook-secret',
          'run-id',
          'batch',
          'concurrency',
          'pregenerate',
          'max-changes',
          'duration',
        ].map((k) => [k, { type: 'string' as const }]),
      ),
      allowPositionals: false,
    } as const);
    const argv = process.argv.slice(2);
    const v = values as Record<string, string | undefined>;
    const input: Record<string, unknown> = {
      port: v.port ?? process.env.DISTRICT_PORT,
      host: v.host,
      relay: v.relay ?? process.env.RELAY_URL,
      seed: v.seed,
      rate: v.rate,
      speed: v.speed,
      webhookSecret: v['webhook-secret'] ?? process.env.DISTRICT_WEBHOOK_SECRET,
      runId: v['run-id'],
      batch: v.batch,
      concurrency: v.concurrency,
      pregenerate: v.pregenerate,
      maxChanges: v['max-changes'],
      duration: v.duration,
      reports: !argv.includes('--no-reports'),
    };
    for (const k of Object.keys(input)) if (input[k] === undefined || input[k] === '') delete input[k];
    const r = SimConfig.safeParse(input);
    if (!r.success) throw new Error(issueLines(r.error).join('\n  '));
    cfg = r.data;
  } catch (err) {
    if (process.argv.includes('--help')) {
      console.log(USAGE);
      process.exit(0);
    }
    console.error(`district-sim: invalid configuration:\n  ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const sim = await startDistrictSim({
    port: cfg.port,
    host: cfg.host,
    relayUrl: cfg.relay,
    seed: cfg.seed,
    rate: cfg.rate,
    speed: cfg.speed,
    webhookSecret: cfg.webhookSecret,
    pregenerate: cfg.pregenerate,
    maxChanges: cfg.maxChanges,
    reports: cfg.reports,
    ...(cfg.runId ? { runId: cfg.runId } : {}),
    ...(cfg.batch ? { batchSize: cfg.batch } : {}),
    ...(cfg.concurrency ? { concurrency: cfg.concurrency } : {}),
  });
  console.log(`DISTRICT_SIM_READY ${sim.url}`);
  const report = setInterval(() => {
    const s = sim.stats();
    console.log(
      `[district-sim] sent ${s.sent} applied ${s.applied} dup ${s.duplicate} rejected ${s.rejected} ${JSON.stringify(s.rejectedByCode)} errors ${s.errors} retries ${s.retries} | forwards ${s.commandsReceived} | scheduled ${s.scheduled}`,
    );
  }, 10_000);
  const stop = async () => {
    clearInterval(report);
    await sim.close();
    process.exit(0);
  };
  if (cfg.duration > 0) setTimeout(() => void stop(), cfg.duration * 1000);
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
