// The result of parsing one raw field: a value, or the contract's reason code and a message for the quarantine.

/** The field-level subset of the contract's reason codes, in its precedence order. */
export type FieldReason = 'missing_value' | 'invalid_id' | 'invalid_date' | 'invalid_number';

/** A plain discriminated union rather than exceptions: a bad field is expected data, not an error, and throwing is slow. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: FieldReason; message: string };
