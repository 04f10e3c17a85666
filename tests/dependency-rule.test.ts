// The house rule of the README's "Dependency rule": engines never import each other, the GraphQL and REST
// faces use engines only for their types (work goes through src/jobs), and no module imports itself back
// through a cycle. Read from the sources' import declarations (type-only imports included, they tie too).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINES = ['etl', 'validation', 'alerting', 's3', 'monitor'];
const FACES = ['schema', 'rest'];

interface Import {
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// Static import and export-from declarations at the start of a line (the project's style): the specifier,
// and what is taken. Dynamic import() with a computed name is not followed (one, in src/process/start-worker.ts).
const DECLARATION = /^(?:import|export)\s+(type\s+)?([^'";]*?)\s*(?:from\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The project files a module imports (relative specifiers), each with whether only types are taken. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(DECLARATION)].map(([, typeKeyword, taken = '', spec]) => {
    const named = /^\{([^}]*)\}$/.exec(taken.trim());
    const names = named
      ? named[1]!
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : [];
    const typeOnly = !!typeKeyword || (names.length > 0 && names.every((n) => n.startsWith('type ')));
    return { target: resolve(dirname(file), spec!), typeOnly };
  });
}

const root = resolve('src');
const files = sourceFiles(root);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const area = (file: string) => relative(root, file).split('/')[0]!;
const name = (file: string) => relative(resolve('.'), file);

describe('the dependency rule', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const engine of ENGINES) expect(files.some((f) => area(f) === engine)).toBe(true);
  });

  it('engines (etl, validation, alerting, s3, monitor) never import one another, not even for a type', () => {
    const crossings = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => ENGINES.includes(area(file)) && ENGINES.includes(area(i.target)) && area(i.target) !== area(file))
        .map((i) => `${name(file)} -> ${name(i.target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('the GraphQL and REST faces take only types from engines: the work goes through src/jobs', () => {
    const calls = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => FACES.includes(area(file)) && ENGINES.includes(area(i.target)) && !i.typeOnly)
        .map((i) => `${name(file)} -> ${name(i.target)}`),
    );
    expect(calls).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const { target } of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].map(name).join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
