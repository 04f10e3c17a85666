// The parsed values of a stored quarantine row, for the faces (GraphQL's `valores`): the quarantine keeps
// only the raw line, and the ETL's cleaner replays it with the column positions its load recorded.
import { quarantinedRowValues, type StoredFileReading, type StoredQuarantineRow } from '../etl/replay-rejection.ts';

export function valuesOfQuarantinedRow(
  row: StoredQuarantineRow,
  reading: StoredFileReading | null | undefined,
): Record<string, unknown> | null {
  return quarantinedRowValues(row, reading);
}
