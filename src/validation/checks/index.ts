// Every check, in the order reports list them.
import { ANOMALY_CHECKS } from '../anomaly/anomaly-checks.ts';
import type { Check } from '../types.ts';
import { loadFreshness, quarantineRate, rowCountDrop } from './load-checks.ts';
import { futureDates, negativeStock, returns, unknownClients } from './loaded-row-checks.ts';
import { duplicateSales, negativePrices, negativeQuantities, unknownProducts } from './quarantine-checks.ts';
import { databaseStructure, referentialIntegrity } from './structure-checks.ts';

export const ALL_CHECKS: readonly Check[] = [
  databaseStructure,
  referentialIntegrity,
  rowCountDrop,
  duplicateSales,
  negativeQuantities,
  unknownProducts,
  negativePrices,
  negativeStock,
  quarantineRate,
  returns,
  unknownClients,
  futureDates,
  loadFreshness,
  ...ANOMALY_CHECKS,
];
