import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';

const doc = path.resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');

/**
 * Replaces what stands between `<!-- name:start -->` and `<!-- name:end -->` in docs/benchmarks.md
 * (the `--write` of every bench script), then formats the page with Prettier so `npm run lint`
 * stays clean after a run.
 */
export async function replaceBenchmarksSection(name: string, body: string): Promise<void> {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const text = await readFile(doc, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${start} … ${end} section`);
  const next = `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
  const options = (await prettier.resolveConfig(doc)) ?? {};
  await writeFile(doc, await prettier.format(next, { ...options, filepath: doc }));
  console.log(`updated docs/benchmarks.md (${name})`);
}
