import { createRequire } from 'node:module';
import type { DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

/**
 * Where log lines go: readable lines (pino-pretty) when a person watches a terminal outside
 * production, JSON lines otherwise (pipes, files, log collectors, containers, production).
 * Undefined means pino's own JSON destination (stdout).
 */
export function logDestination(
  nodeEnv: string,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): DestinationStream | undefined {
  if (nodeEnv === 'production' || !output.isTTY) return undefined;
  let pretty: typeof PinoPretty;
  try {
    // Loaded only here, so JSON-logging processes never pay for it.
    pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  } catch {
    return undefined; // installed without it (npm ci --omit=dev elsewhere): JSON it is
  }
  return pretty({
    destination: output === process.stdout ? 1 : output,
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}
