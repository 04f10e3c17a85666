// Reads config/etl.json: the tunable parsing rules of the load.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NumberOptions } from './parse-number.ts';

export const ETL_CONFIG_PATH = 'config/etl.json';
const SEPARATOR_RULES = ['auto', 'decimal', 'thousands'];

export function readEtlConfig(path = resolve(ETL_CONFIG_PATH)): NumberOptions {
  if (!existsSync(path)) return { loneSeparator: 'auto' };
  const config = JSON.parse(readFileSync(path, 'utf8')) as { loneSeparator?: unknown };
  const rule = config.loneSeparator ?? 'auto';
  if (typeof rule !== 'string' || !SEPARATOR_RULES.includes(rule)) {
    throw new Error(`${path}: loneSeparator must be one of ${SEPARATOR_RULES.join(', ')}, got ${JSON.stringify(rule)}`);
  }
  return { loneSeparator: rule as NumberOptions['loneSeparator'] };
}
