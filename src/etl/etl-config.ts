// Reads config/etl.json: the tunable parsing rules of the load.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NumberOptions } from './parse-number.ts';
import { DEFAULT_RECORD_LIMITS, type RecordLimits } from './file-inspection.ts';

export const ETL_CONFIG_PATH = 'config/etl.json';
const SEPARATOR_RULES = ['auto', 'decimal', 'thousands'];

interface EtlConfigFile {
  loneSeparator?: unknown;
  maxRecordChars?: unknown;
  quarantinedRawBytes?: unknown;
}

function readFile(path: string): EtlConfigFile {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as EtlConfigFile) : {};
}

export function readEtlConfig(path = resolve(ETL_CONFIG_PATH)): NumberOptions {
  const rule = readFile(path).loneSeparator ?? 'auto';
  if (typeof rule !== 'string' || !SEPARATOR_RULES.includes(rule)) {
    throw new Error(`${path}: loneSeparator must be one of ${SEPARATOR_RULES.join(', ')}, got ${JSON.stringify(rule)}`);
  }
  return { loneSeparator: rule as NumberOptions['loneSeparator'] };
}

/** The reader's record limits: `maxRecordChars` (default 1 MiB) and `quarantinedRawBytes` (default 4 KiB). */
export function readRecordLimits(path = resolve(ETL_CONFIG_PATH)): RecordLimits {
  const config = readFile(path);
  const positive = (key: 'maxRecordChars' | 'quarantinedRawBytes', fallback: number): number => {
    const value = config[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 64) {
      throw new Error(`${path}: ${key} must be a whole number of at least 64, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  return {
    maxRecordChars: positive('maxRecordChars', DEFAULT_RECORD_LIMITS.maxRecordChars),
    keptPrefixBytes: positive('quarantinedRawBytes', DEFAULT_RECORD_LIMITS.keptPrefixBytes),
  };
}
