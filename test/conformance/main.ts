/**
 * `npm run conformance -- --relay <url> [--district <url>] [--district-control]`: runs the relay
 * conformance suite and/or the district outbox contract checker, prints each step ✓/✗ and exits 1 when a
 * step did not pass (2 on bad usage).
 *
 * Environment (defaults are the embedded demo's, docs/protocol.md §6):
 *   DISTRICT_WEBHOOK_SECRET          dev-webhook-secret (also --webhook-secret)
 *   CONFORMANCE_DISPATCHER           dispatcher   CONFORMANCE_DISPATCHER_PASSWORD  grid2026
 *   CONFORMANCE_OBSERVER             admin        CONFORMANCE_OBSERVER_PASSWORD    grid2026
 */
import { parseArgs } from 'node:util';
import { formatStep, type SuiteResult } from './kit.js';
import { runRelayConformance } from './relay.js';
import { runDistrictConformance } from './district.js';

const USAGE = `Usage: npm run conformance -- [--relay <url>] [--district <url>] [options]
  --relay <url>            a relay: the relay conformance suite
  --district <url>         a district platform: the outbox contract checker (POST <url>/api/commands)
  --district-control       also check a refusal, provoked through the simulator's POST /api/control/reject
  --webhook-secret <s>     DISTRICT_WEBHOOK_SECRET (dev-webhook-secret)
  --timeout-ms <n>         wait for an answer or live event this long (15000)
Users (relay suite): CONFORMANCE_DISPATCHER / _PASSWORD (dispatcher / grid2026),
                     CONFORMANCE_OBSERVER / _PASSWORD (admin / grid2026)`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        relay: { type: 'string' },
        district: { type: 'string' },
        'district-control': { type: 'boolean' },
        'webhook-secret': { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    console.error(`conformance: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const relay = values.relay as string | undefined;
  const district = values.district as string | undefined;
  if (!relay && !district) {
    console.error(`conformance: give --relay and/or --district\n\n${USAGE}`);
    return 2;
  }
  const env = process.env;
  const webhookSecret = (values['webhook-secret'] as string | undefined) ?? env.DISTRICT_WEBHOOK_SECRET ?? 'dev-webhook-secret';
  const timeoutMs = values['timeout-ms'] ? Number(values['timeout-ms']) : 15_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    console.error('conformance: --timeout-ms must be a positive number');
    return 2;
  }
  const results: SuiteResult[] = [];
  const onStep = (r: Parameters<typeof formatStep>[0]) => console.log(formatStep(r));
  if (relay) {
    console.log(`relay conformance: ${relay}`);
    results.push(
      await runRelayConformance({
        relayUrl: relay,
        webhookSecret,
        dispatcher: { username: env.CONFORMANCE_DISPATCHER ?? 'dispatcher', password: env.CONFORMANCE_DISPATCHER_PASSWORD ?? 'grid2026' },
        observer: { username: env.CONFORMANCE_OBSERVER ?? 'admin', password: env.CONFORMANCE_OBSERVER_PASSWORD ?? 'grid2026' },
        timeoutMs,
        onStep,
      }),
    );
  }
  if (district) {
    console.log(`district outbox contract: ${district}`);
    results.push(
      await runDistrictConformance({ districtUrl: district, webhookSecret, control: values['district-control'] === true, onStep }),
    );
  }
  for (const r of results) {
    const passed = r.steps.filter((s) => s.status === 'pass').length;
    console.log(`${r.ok ? '✓' : '✗'} ${r.suite}: ${passed}/${r.steps.length} steps passed`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('conformance: crashed:', err);
    process.exit(1);
  },
);
