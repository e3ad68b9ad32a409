import { createServer } from 'node:net';
import { loadConfig, loadDotEnv } from '../config';
import { assertDataDirFree, embeddedDataDir } from './data-dir-lock';

/** A start-up check failed; the message is the one line to print. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/**
 * Run by `npm start` / `npm run worker` / `npm run db:migrate` (scripts/start.mjs) from a small
 * bundle of its own, before the entry's bundle loads every dependency: a data directory another
 * process owns, or a busy port, is refused within a fraction of a second. The entries check
 * again themselves (and the database opener takes the lock), so this is only about speed.
 */
export async function preflight(entry: string): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.DATABASE_URL) assertDataDirFree(embeddedDataDir(config));
  if (entry === 'server') await assertPortFree(config.HOST, config.PORT);
}

/** Binds the port briefly, so a busy one fails in milliseconds rather than after start-up. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new PreflightError(
        `port ${port} on ${host} is already in use (another Bazaar?): stop that program or set PORT to a free port`,
      );
    }
    if (code === 'EACCES') {
      throw new PreflightError(`not allowed to listen on port ${port}: set PORT to a port above 1023`);
    }
    throw error;
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
