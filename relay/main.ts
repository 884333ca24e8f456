/**
 * `npm run relay`: start the relay from flags and environment. A bad configuration prints the problem and
 * exits with code 2; SIGINT/SIGTERM drain the queue and close the database.
 */
import { ConfigError, RELAY_USAGE, configFromArgs } from './config.js';
import { startRelay } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      if (err.problems[0] === 'help requested') {
        console.log(RELAY_USAGE);
        process.exit(0);
      }
      console.error(`relay: ${err.message}\n\n${RELAY_USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  let relay;
  try {
    relay = await startRelay(config);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
      console.error(`relay: cannot listen on ${config.host}:${config.port}: ${e.message}`);
      process.exit(2);
    }
    console.error('relay: failed to start:', e.stack ?? e);
    process.exit(1);
  }
  // Child processes (tests, scripts) read the chosen port from this line.
  console.log(`RELAY_READY ${relay.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[relay] ${signal}: closing`);
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('[relay] close failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
