// Thresholds and severity overrides of the checks, from config/validation.json. Reading the whole config,
// declared checks included, is read-config.ts: the checks' own shapes name this config, so it stays free of them.
import { existsSync, readFileSync } from 'node:fs';
import type { AnomalyOptions } from './anomaly/detect.ts';
import type { ChecksFile } from './declared/types.ts';
import { SEVERITIES, type Severity } from './severity.ts';

export interface ValidationConfig {
  /** load_freshness fails when the last successful load is older than this. */
  maxLoadAgeHours: number;
  /** quarantine_rate fails for a file with a larger share (0..1) of its rows quarantined. */
  maxQuarantineShare: number;
  /** row_count_drop fails for a file that loaded fewer than this share of the previous load's rows. */
  minRowShareOfPrevious: number;
  /** Sample rows kept per result. */
  sampleSize: number;
  /** Severity overrides by check code. */
  severities: Record<string, Severity>;
  /** The declared checks (config/checks.yml); absent, only the built-in checks run. */
  checksFile?: ChecksFile;
  /** The anomaly checks' window, minimum history, band width k and weekday seasonality; omitted, the defaults. */
  anomaly?: Partial<Pick<AnomalyOptions, 'window' | 'minPoints' | 'k' | 'seasonal'>>;
}

export const DEFAULT_VALIDATION_CONFIG: ValidationConfig = {
  maxLoadAgeHours: 24,
  maxQuarantineShare: 0.1,
  minRowShareOfPrevious: 0.5,
  sampleSize: 10,
  severities: {},
};

export const VALIDATION_CONFIG_PATH = 'config/validation.json';

/** The thresholds and severity overrides of config/validation.json (defaults when the file is absent). */
export function readThresholds(path: string): ValidationConfig {
  if (!existsSync(path)) return DEFAULT_VALIDATION_CONFIG;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<ValidationConfig>;
  const config = { ...DEFAULT_VALIDATION_CONFIG, ...raw, severities: { ...raw.severities } };
  for (const key of ['maxLoadAgeHours', 'maxQuarantineShare', 'minRowShareOfPrevious', 'sampleSize'] as const) {
    if (typeof config[key] !== 'number' || !(config[key] >= 0)) throw new Error(`${path}: ${key} must be a non-negative number`);
  }
  const anomaly = config.anomaly ?? {};
  for (const key of ['window', 'minPoints', 'k'] as const) {
    const v = anomaly[key];
    if (v !== undefined && (typeof v !== 'number' || !(v > 0))) throw new Error(`${path}: anomaly.${key} must be a positive number`);
  }
  if (anomaly.seasonal !== undefined && typeof anomaly.seasonal !== 'boolean')
    throw new Error(`${path}: anomaly.seasonal must be true or false`);
  for (const [code, severity] of Object.entries(config.severities)) {
    if (!SEVERITIES.includes(severity)) throw new Error(`${path}: severities.${code} must be one of ${SEVERITIES.join(', ')}`);
  }
  return config;
}
