/**
 * Vitest setup: every fast-check property runs from one fixed seed, so a test run is a function of the code
 * alone and CI cannot fail (or pass) by the draw. A property that sets its own seed keeps it.
 *
 * To explore beyond the fixed draws, run with FC_SEED=random (a fresh seed each run, printed by fast-check on
 * failure) or FC_SEED=<integer> (replays a reported seed), e.g. `FC_SEED=random npx vitest run shared/geo`.
 * A failure found that way is fixed at its cause and pinned by an example test.
 */
import fc from 'fast-check';

const FIXED_SEED = 20261204;

const raw = process.env.FC_SEED;
if (raw !== 'random') {
  const seed = raw === undefined || raw === '' ? FIXED_SEED : Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(raw)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
