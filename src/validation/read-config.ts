// The validation's whole configuration: config/validation.json's thresholds plus the declared checks file.
import { resolve } from 'node:path';
import { ALL_CHECKS } from './checks/index.ts';
import { type ValidationConfig, VALIDATION_CONFIG_PATH, readThresholds } from './config.ts';
import { checksFilePath, readChecksFile } from './declared/checks-file.ts';
import type { ChecksFile } from './declared/types.ts';

/** The checks file as the run will use it (never throws: its errors come back inside). */
export const readDeclaredChecks = (checksFile?: string): ChecksFile =>
  readChecksFile(
    checksFilePath(checksFile),
    ALL_CHECKS.map((c) => c.code),
  );

/** config/validation.json, with the checks file (`checksFile`, else CHECKS_FILE, else config/checks.yml). */
export function readValidationConfig(path = resolve(VALIDATION_CONFIG_PATH), options: { checksFile?: string } = {}): ValidationConfig {
  return { ...readThresholds(path), checksFile: readDeclaredChecks(options.checksFile) };
}
