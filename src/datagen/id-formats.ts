// Renders IDs in every spelling the contract accepts (any non-digit prefix: letters, separators,
// symbols, spaces; zero padding; surrounding spaces), all of which must read back as the same integer.

export interface IdFormat {
  name: string;
  render(n: number): string;
}

function idFormat(prefix: string, separator: string, width: number): IdFormat {
  return {
    name: `${prefix || 'digits'}${separator}${width ? `-pad${width}` : ''}`,
    render: (n) => prefix + separator + String(n).padStart(width, '0'),
  };
}

const spaced: IdFormat = { name: 'spaced', render: (n) => ` ${n} ` };

/** `prod001`, `PROD-001`, `P001`, `001`, `1`, ` 1 `, ... (the first is the common spelling). */
export const PRODUCT_ID_FORMATS: readonly IdFormat[] = [
  idFormat('prod', '', 3),
  idFormat('PROD', '-', 3),
  idFormat('P', '', 3),
  idFormat('', '', 3),
  idFormat('', '', 0),
  spaced,
  idFormat('PROD', '_', 0),
  idFormat('P', '#', 0),
  idFormat('', '#', 3),
  idFormat('N°', '', 0),
];

/** `V00042`, `42`, ` 42 `, `V-42`, ... */
export const SALE_ID_FORMATS: readonly IdFormat[] = [
  idFormat('V', '', 5),
  idFormat('', '', 0),
  spaced,
  idFormat('V', '-', 0),
  idFormat('v', '', 0),
  idFormat('', '', 5),
  idFormat('VTA', '_', 6),
  idFormat('V', '#', 0),
  idFormat('V', '.', 0),
  idFormat('Nº ', '', 0),
];

/** `cli007`, `CLI-007`, `7`, ... */
export const CLIENT_ID_FORMATS: readonly IdFormat[] = [
  idFormat('cli', '', 3),
  idFormat('CLI', '-', 3),
  idFormat('', '', 0),
  spaced,
  idFormat('', '', 3),
  idFormat('C', '', 0),
  idFormat('cli', '_', 0),
  idFormat('ID', ' ', 0),
];
