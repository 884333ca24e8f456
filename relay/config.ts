/**
 * Relay configuration: flags > environment > defaults, validated with zod.
 * Defaults are safe for local use (loopback only); a bad value is reported and the CLI exits with code 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { issueLines } from '../shared/validation.js';

export const DEFAULT_WEBHOOK_SECRET = 'dev-webhook-secret';

const intFrom = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const boolFrom = z.union([
  z.boolean(),
  z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes'),
]);

export const RelayConfig = z.object({
  port: intFrom(0, 65535).default(4800),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('.data/relay'),
  /** District platform base URL for forwarded commands; 'none' keeps the outbox but never delivers. */
  districtUrl: z
    .union([z.literal('none'), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or "none"' })])
    .default('http://127.0.0.1:4810'),
  webhookSecret: z.string().min(8, 'must be at least 8 characters').default(DEFAULT_WEBHOOK_SECRET),
  /** Token signing secret; when absent a random one is generated and kept in the data directory. */
  tokenSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  tokenTtlMinutes: intFrom(1, 60 * 24 * 30).default(12 * 60),
  /** Keep only the newest N log entries for pull (0 = keep everything); older cursors get 'reset'. */
  retainEntries: intFrom(0, 1e9).default(0),
  sync: z.enum(['full', 'normal']).default('full'),
  /** Seed the demo history on first start with an empty database. */
  demo: boolFrom.default(true),
  demoDays: intFrom(1, 365).default(30),
  demoCasesPerDay: intFrom(1, 2000).default(60),
  demoSeed: intFrom(0, 2 ** 31).default(42),
  outboxBaseMs: intFrom(1, 3_600_000).default(500),
  outboxCapMs: intFrom(1, 24 * 3_600_000).default(60_000),
  /** Read token of the Open311 GeoReport v2 endpoints (handed out by the district); absent: not offered. */
  open311Token: z.string().min(24, 'must be at least 24 characters').max(256).optional(),
  /** Largest attachment file the relay stores, in MB (issue 15.2). */
  maxFileMb: intFrom(1, 100).default(10),
  /** Minimum interval between presence broadcasts, ms. */
  presenceIntervalMs: intFrom(0, 60_000).default(250),
  /** Batched live sockets ('changes'): at most one message per this many ms; 0 sends one per commit (issue 17). */
  liveBatchMs: intFrom(0, 1000).default(25),
  quiet: boolFrom.default(false),
  /** SMS gateway (generic JSON POST, relay/sms/gateway.ts); 'none': no SMS notices are queued or sent. */
  smsGatewayUrl: z.union([z.literal('none'), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or "none"' })]).default('none'),
  smsAuth: z.enum(['hmac', 'bearer']).default('hmac'),
  smsKey: z.string().min(8, 'must be at least 8 characters').default('dev-sms-gateway-key'),
  smsSignName: z.string().min(2).max(12).default('街道网格中心'),
  /** 免打扰时段 'HH:MM-HH:MM' in the street's time, or 'none'. */
  smsQuietHours: z
    .string()
    .regex(/^(none|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM or "none"')
    .default('22:00-07:00'),
  /** Templates per kind as JSON ({"dispatch": "…{code}…"}); the kinds not given keep the defaults. */
  smsTemplates: z.string().optional(),
  smsScanMs: intFrom(0, 3_600_000).default(60_000),
  smsBaseMs: intFrom(1, 3_600_000).default(1_000),
  smsCapMs: intFrom(1, 24 * 3_600_000).default(300_000),
});
export type RelayConfig = z.infer<typeof RelayConfig>;
export type RelayConfigInput = z.input<typeof RelayConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('invalid relay configuration:\n  ' + problems.join('\n  '));
    this.name = 'ConfigError';
  }
}

/** Validate a (partial) configuration object, throwing ConfigError with one line per problem. */
export function parseRelayConfig(input: RelayConfigInput): RelayConfig {
  const r = RelayConfig.safeParse(input);
  if (!r.success) throw new ConfigError(issueLines(r.error, { root: '(config)' }));
  return r.data;
}

const FLAGS = {
  port: { type: 'string', env: 'RELAY_PORT' },
  host: { type: 'string', env: 'RELAY_HOST' },
  'data-dir': { type: 'string', env: 'RELAY_DATA_DIR', key: 'dataDir' },
  'district-url': { type: 'string', env: 'DISTRICT_URL', key: 'districtUrl' },
  'webhook-secret': { type: 'string', env: 'DISTRICT_WEBHOOK_SECRET', key: 'webhookSecret' },
  'token-secret': { type: 'string', env: 'RELAY_TOKEN_SECRET', key: 'tokenSecret' },
  'token-ttl-minutes': { type: 'string', env: 'RELAY_TOKEN_TTL_MINUTES', key: 'tokenTtlMinutes' },
  'retain-entries': { type: 'string', env: 'RELAY_RETAIN_ENTRIES', key: 'retainEntries' },
  sync: { type: 'string', env: 'RELAY_SYNC' },
  'demo-days': { type: 'string', env: 'RELAY_DEMO_DAYS', key: 'demoDays' },
  'demo-cases-per-day': { type: 'string', env: 'RELAY_DEMO_CASES_PER_DAY', key: 'demoCasesPerDay' },
  'outbox-base-ms': { type: 'string', env: 'RELAY_OUTBOX_BASE_MS', key: 'outboxBaseMs' },
  'outbox-cap-ms': { type: 'string', env: 'RELAY_OUTBOX_CAP_MS', key: 'outboxCapMs' },
  'open311-token': { type: 'string', env: 'RELAY_OPEN311_TOKEN', key: 'open311Token' },
  'sms-gateway-url': { type: 'string', env: 'RELAY_SMS_GATEWAY_URL', key: 'smsGatewayUrl' },
  'sms-auth': { type: 'string', env: 'RELAY_SMS_AUTH', key: 'smsAuth' },
  'sms-key': { type: 'string', env: 'RELAY_SMS_KEY', key: 'smsKey' },
  'sms-sign-name': { type: 'string', env: 'RELAY_SMS_SIGN_NAME', key: 'smsSignName' },
  'sms-quiet-hours': { type: 'string', env: 'RELAY_SMS_QUIET_HOURS', key: 'smsQuietHours' },
  'sms-templates': { type: 'string', env: 'RELAY_SMS_TEMPLATES', key: 'smsTemplates' },
  'max-file-mb': { type: 'string', env: 'RELAY_MAX_FILE_MB', key: 'maxFileMb' },
  'live-batch-ms': { type: 'string', env: 'RELAY_LIVE_BATCH_MS', key: 'liveBatchMs' },
} as const;

export const RELAY_USAGE = `Usage: npm run relay -- [options]
  --port <n>                 RELAY_PORT (4800; 0 = any free port)
  --host <addr>              RELAY_HOST (127.0.0.1)
  --data-dir <dir>           RELAY_DATA_DIR (.data/relay)
  --district-url <url|none>  DISTRICT_URL (http://127.0.0.1:4810)
  --webhook-secret <s>       DISTRICT_WEBHOOK_SECRET (dev default, with a warning)
  --token-secret <s>         RELAY_TOKEN_SECRET (random, kept in <data-dir>/token-secret)
  --token-ttl-minutes <n>    RELAY_TOKEN_TTL_MINUTES (720)
  --retain-entries <n>       RELAY_RETAIN_ENTRIES (0 = keep the whole log)
  --sync full|normal         RELAY_SYNC (full)
  --no-demo                  RELAY_DEMO=0: start an empty street (no demo history)
  --demo-days <n>, --demo-cases-per-day <n>
  --outbox-base-ms <n>, --outbox-cap-ms <n>   retry backoff of forwards to the district
  --open311-token <s>        RELAY_OPEN311_TOKEN: offer Open311 GeoReport v2 (read) with this token (>= 24 chars)
  --max-file-mb <n>          RELAY_MAX_FILE_MB: largest attachment file stored (10)
  --live-batch-ms <n>        RELAY_LIVE_BATCH_MS: batched live sockets get at most one 'changes' per n ms (25; 0 = one per commit)
  --sms-gateway-url <url|none>  RELAY_SMS_GATEWAY_URL (none): SMS notices through this gateway (docs/sms.md)
  --sms-auth hmac|bearer, --sms-key <s>, --sms-sign-name <name>   RELAY_SMS_AUTH, RELAY_SMS_KEY, RELAY_SMS_SIGN_NAME
  --sms-quiet-hours <HH:MM-HH:MM|none>   RELAY_SMS_QUIET_HOURS (22:00-07:00)
  --sms-templates <json>     RELAY_SMS_TEMPLATES: {"dispatch"|"urge"|"overdue"|"verification": "...{code}{title}{deadline}{department}{grid}..."}
  --quiet                    less logging`;

/** Read flags and environment into a validated config; throws ConfigError on any problem. */
export function configFromArgs(argv: string[], env: NodeJS.ProcessEnv): RelayConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, { type: v.type }])) as Record<string, { type: 'string' }>;
    values = parseArgs({
      args: argv,
      options: {
        ...options,
        'no-demo': { type: 'boolean' },
        demo: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  if (values.help) throw new ConfigError(['help requested']);
  const input: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const key = 'key' in spec ? spec.key : flag;
    const v = values[flag] ?? env[spec.env];
    if (v !== undefined && v !== '') input[key] = v;
  }
  if (values['no-demo']) input.demo = false;
  else if (values.demo) input.demo = true;
  else if (env.RELAY_DEMO !== undefined && env.RELAY_DEMO !== '') input.demo = env.RELAY_DEMO;
  if (values.quiet) input.quiet = true;
  return parseRelayConfig(input as RelayConfigInput);
}
