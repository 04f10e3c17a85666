import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOAD_NODE_FLAGS, seedCommand } from '../../src/jobs/seed-command.ts';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the node flags of a process that loads', () => {
  it.each(['seed', 'validar-y-enviar'])('are the ones `npm run %s` passes', (name) => {
    expect(scripts[name]!.split(' ').slice(1, 1 + LOAD_NODE_FLAGS.length)).toEqual(LOAD_NODE_FLAGS);
  });

  it('are passed to the seed the API starts for a reload', () => {
    expect(seedCommand(['--json']).args.slice(0, LOAD_NODE_FLAGS.length)).toEqual(LOAD_NODE_FLAGS);
  });
});
