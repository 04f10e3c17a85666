// Shapes of a parsed checks file: the declared checks, the overrides of built-in checks, and every
// problem found in the file, each with its line and column.
import type { Severity } from '../severity.ts';

export interface LintError {
  /** The file as the user named it (relative to the working folder when inside it). */
  file: string;
  line: number;
  column: number;
  message: string;
}

export const formatLintError = (e: LintError): string => `${e.file}:${e.line}:${e.column}: ${e.message}`;

export type Runbook = { path: string } | { text: string };

export interface DeclaredCheckSpec<P = unknown> {
  name: string;
  table: string;
  kind: string;
  severity: Severity;
  description: string;
  runbook: Runbook | null;
  /** Sample rows kept; null means the configured default. */
  sampleSize: number | null;
  /** What the kind read from the check (its own keys). */
  params: P;
}

export interface BuiltinOverride {
  enabled: boolean;
  severity: Severity | null;
}

export interface ChecksFile {
  /** The file as the user named it. */
  file: string;
  /** False when there is no such file: only the built-in checks run. */
  present: boolean;
  checks: DeclaredCheckSpec[];
  builtins: Record<string, BuiltinOverride>;
  errors: LintError[];
}

/** Most declared checks a file may hold, and most sample rows a check may keep (results stay small). */
export const MAX_DECLARED_CHECKS = 200;
export const MAX_SAMPLE_SIZE = 50;
/** Longest runbook written inline in the file. */
export const MAX_RUNBOOK_CHARS = 4000;
