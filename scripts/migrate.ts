// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database).
import { loadConfig, loadDotEnv } from '../src/config';
import { openDatabase, runMigrations } from '../src/platform/db';

loadDotEnv();
const config = loadConfig();
const database = await openDatabase(config).catch((error: unknown) => {
  // One line (a held or damaged data directory, an unreachable server), no stack.
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
try {
  await runMigrations(database.pool);
  console.log(`migrations applied (${database.embedded ? 'embedded database' : 'DATABASE_URL'})`);
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
