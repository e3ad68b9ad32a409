import type { Options as AutocannonOptions } from 'autocannon';

/**
 * One load scenario. `prepare` runs once against the live server (create data, log in, ...) and
 * returns what autocannon should send. The runner measures every scenario in turns with a bare
 * Fastify route in the same run and prints the ratio.
 */
export interface Scenario {
  name: string;
  /** Optional: only run when the server has this (e.g. seeded catalog). */
  prepare(
    baseUrl: string,
  ): Promise<
    Pick<AutocannonOptions, 'method' | 'headers' | 'body' | 'requests' | 'setupClient'> & { path: string }
  >;
  /** Connections to use (default 20). */
  connections?: number;
  /**
   * Seconds of the same load before the measured run (default 2; `--warmup` overrides every
   * scenario's): long enough for the process to reach its steady state on this path.
   */
  warmup?: number;
  /**
   * Measured in one piece after the bare route, not in turns with it (bench/run.ts, measureInTurns):
   * for a scenario whose figure is its own throughput under steady load, not a ratio.
   */
  continuous?: boolean;
}
