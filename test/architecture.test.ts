import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The structure rules of docs/ARCHITECTURE.md, checked over src/ (the ESLint boundaries rule
// covers who may import whom): no import circle, no file over 400 lines, no function over 80
// lines outside route registration. Known breaks are listed below, to be split and removed;
// the lists must match exactly, so a new break fails and a fixed one asks to be crossed off.

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

const KNOWN_LONG_FILES: string[] = [];
const KNOWN_LONG_FUNCTIONS: string[] = [];
const KNOWN_CIRCLES: string[] = [];

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return relative === 'src/db/migrations' ? [] : sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const files = sourceFiles('src');
const parsed = new Map(
  files.map((file) => [
    file,
    ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true),
  ]),
);

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, base, `${base}/index.ts`].find((candidate) => parsed.has(candidate));
}

/** Imports and re-exports that exist at run time (`import type` is erased, so it cannot loop). */
function runtimeImports(file: string): string[] {
  const targets: string[] = [];
  for (const statement of parsed.get(file)!.statements) {
    const isImport = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly;
    const isReexport = ts.isExportDeclaration(statement) && !statement.isTypeOnly;
    if (!(isImport || isReexport) || !statement.moduleSpecifier) continue;
    const target = resolveImport(file, (statement.moduleSpecifier as ts.StringLiteral).text);
    if (target) targets.push(target);
  }
  return targets;
}

/** Strongly connected groups of more than one file (Tarjan), each named by its sorted members. */
function importCircles(): string[] {
  const graph = new Map(files.map((file) => [file, runtimeImports(file)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      group.push(member);
      if (member === file) break;
    }
    if (group.length > 1) circles.push(group.sort().join(' → '));
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return circles.sort();
}

const isRouteRegistration = (file: string, name: string) =>
  (/(^|-)routes\.ts$/.test(path.posix.basename(file)) || file === 'src/modules/index.ts') &&
  name.endsWith('Routes');

function functionName(node: ts.SignatureDeclaration, outer: string | undefined): string {
  if (node.name) return node.name.getText();
  if (ts.isVariableDeclaration(node.parent)) return node.parent.name.getText();
  return outer ? `${outer}/<callback>` : '<anonymous>';
}

function longFunctions(): string[] {
  const found: string[] = [];
  for (const [file, source] of parsed) {
    const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
    const visit = (node: ts.Node, outer: string | undefined) => {
      let name = outer;
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        name = functionName(node, outer);
        const lines = lineOf(node.end) - lineOf(node.getStart()) + 1;
        if (lines > MAX_FUNCTION_LINES && !(outer === undefined && isRouteRegistration(file, name)))
          found.push(`${file} ${name}`);
      }
      ts.forEachChild(node, (child) => visit(child, name));
    };
    visit(source, undefined);
  }
  return [...new Set(found)].sort();
}

describe('architecture', () => {
  it('src/ is where the checks look', () => {
    expect(existsSync(path.join(ROOT, 'src/modules/index.ts'))).toBe(true);
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no import circle', () => {
    expect(importCircles()).toEqual([...KNOWN_CIRCLES].sort());
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter(
      (file) => readFileSync(path.join(ROOT, file), 'utf8').trimEnd().split('\n').length > MAX_FILE_LINES,
    );
    expect(long).toEqual([...KNOWN_LONG_FILES].sort());
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines outside route registration`, () => {
    expect(longFunctions()).toEqual([...KNOWN_LONG_FUNCTIONS].sort());
  });
});
