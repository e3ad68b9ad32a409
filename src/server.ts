import type { AddressInfo } from 'node:net';
import { startBazaar, StartupError } from './bootstrap';
import { ConfigError, loadConfig, loadDotEnv } from './config';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const bazaar = await startBazaar(config);
  const { app, ctx } = bazaar;
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = config.APP_URL?.replace(/\/+$/, '') ?? localUrl(app.server.address(), config.HOST);
  ctx.log.info(
    { database: ctx.database.embedded ? 'embedded (PGlite)' : 'postgres', cache: ctx.cache.kind },
    `Bazaar API at ${base}/api/v1, docs at ${base}/docs`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      ctx.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    bazaar.close().then(
      () => process.exit(0),
      (err: unknown) => {
        ctx.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** The URL a person on this machine opens: wildcard hosts become localhost. */
function localUrl(address: AddressInfo | string | null, host: string): string {
  const port = address && typeof address === 'object' ? address.port : 0;
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(`bazaar: ${error.message}`);
  } else {
    console.error('bazaar: failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
