// The severities a check can have, lowest first.

export const SEVERITIES = ['WARNING', 'ERROR', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
