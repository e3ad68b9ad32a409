import { readdir } from 'node:fs/promises';
import path from 'node:path';
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

const scenariosDir = path.join(import.meta.dirname, 'scenarios');

/** Every scenario of bench/scenarios, by file name. */
export async function loadScenarios(): Promise<Array<{ file: string; scenario: Scenario }>> {
  const files = (await readdir(scenariosDir)).filter((f) => f.endsWith('.ts')).sort();
  const loaded = [];
  for (const file of files)
    loaded.push({ file, scenario: (await import(path.join(scenariosDir, file))).default as Scenario });
  return loaded;
}

/** Whether `--only` / `--after` style `name` picks this scenario (part of its name or file name). */
export function scenarioMatches(entry: { file: string; scenario: Scenario }, name: string): boolean {
  return entry.scenario.name.includes(name) || entry.file.includes(name);
}

/** The first scenario `name` picks; throws when none does. */
export async function findScenario(name: string): Promise<Scenario> {
  const found = (await loadScenarios()).find((entry) => scenarioMatches(entry, name));
  if (!found) throw new Error(`no scenario in bench/scenarios matches "${name}"`);
  return found.scenario;
}
