// The README's Layout names every folder of src/, so a newcomer's map of the code stays whole.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe("the README's Layout", () => {
  const readme = readFileSync('README.md', 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'));
  const folders = readdirSync('src', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it.each(folders)('names src/%s/', (folder) => {
    expect(layout).toMatch(new RegExp(`^src/${folder}/ `, 'm'));
  });
});
