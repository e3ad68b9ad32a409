// `npm run worker`: runs job handlers without serving HTTP (scale workers apart from the API,
// and start the API with START_WORKER=false).
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { defineJobs } from './modules';
import { closeContext, createContext } from './platform/context';
import { limitHeapGrowth } from './platform/heap-growth';
import { openDatabase, runMigrations } from './platform/db';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  const database = await openDatabase(config);
  await runMigrations(database.pool);
  const ctx = await createContext(config, { database });
  defineJobs(ctx);
  await ctx.jobs.start({ work: true });
  ctx.log.info('worker started');
  const stop = () => {
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    closeContext(ctx).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`bazaar worker: ${error instanceof ConfigError ? message : `failed to start: ${message}`}`);
  process.exit(1);
});
