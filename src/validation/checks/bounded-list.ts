// Every id list a result's details carry is cut at a fixed length, with a flag saying it was cut: a stored
// result, an alert and a GraphQL answer stay small whatever the data (issue 13).
export const MAX_LISTED_IDS = 100;

/**
 * The first MAX_LISTED_IDS of `ids` (which the caller fetched with `LIMIT MAX_LISTED_IDS + 1`, so one more
 * than fits tells the list was cut) and whether it was cut.
 */
export function boundedIds<T>(ids: readonly T[]): { ids: T[]; truncated: boolean } {
  return { ids: ids.slice(0, MAX_LISTED_IDS), truncated: ids.length > MAX_LISTED_IDS };
}
