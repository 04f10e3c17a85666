// clientes.csv: hand-made clients in UTF-8 with a BOM, every line ending in a trailing comma (an
// unnamed sixth column the ETL must ignore and report as `(column 6)`). Shows RFC 4180 quoting
// (an embedded comma and doubled quotes, a name spanning two lines), city spelling variants and
// mixed registration-date formats. Quarantined clients 21 and 22 make their sales `unknown_client`.
import type { ReasonCode } from './codes.ts';
import { type CsvFormat, CsvWriter } from './csv-writer.ts';
import type { ExpectedQuarantine } from './expected-quarantine.ts';
import { FileTally } from './tally.ts';

export const CLIENTES_FORMAT: CsvFormat = { encoding: 'utf-8', delimiter: ',', lineEnding: '\n', bom: true };
const HEADER = ['Cliente_ID', 'Nombre', 'Email', 'Ciudad', 'Fecha_Registro'];
export const CLIENTES_IGNORED_COLUMNS = ['(column 6)'];

/** Client ids that sales may use for `unknown_client`: never loaded (21 and 22 are quarantined rows). */
export const UNKNOWN_CLIENT_IDS = [21, 22, 23, 24, 25];

type ClientRow = { fields: string[]; id: number } | { fields: string[]; reason: ReasonCode };

// The trailing '' is the unnamed column every line has.
const loaded = (id: number, ...fields: string[]): ClientRow => ({ id, fields: [...fields, ''] });
const quarantined = (reason: ReasonCode, ...fields: string[]): ClientRow => ({ reason, fields: [...fields, ''] });

const ROWS: readonly ClientRow[] = [
  loaded(1, 'cli001', 'María López', 'maria.lopez@correo.es', 'Madrid', '2023-01-15'),
  loaded(2, 'CLI-002', 'José Martínez', 'JOSE.MARTINEZ@Correo.ES', ' madrid ', '15/02/2023'),
  loaded(3, '3', 'Pérez, Juan "JJ"', 'juan.perez@correo.es', 'Bogotá', '03-07-2022'),
  loaded(4, '004', 'Lucía Fernández', 'lucia.fernandez@correo.es', 'Bogota', '5/3/2023'),
  loaded(5, 'cli005', 'Ana María\nGarcía', 'ana.garcia@correo.es', 'Barcelona', '20230410'),
  loaded(6, ' 6 ', 'Carlos Gómez', 'carlos.gomez@correo.es', 'Sevilla', '2023-06-01T09:30:00Z'),
  loaded(7, 'cli007', 'Sofía Ramírez', 'sofia.ramirez@correo.es', 'Medellín', '15-mar-2023'),
  quarantined('duplicate_id', 'cli007', 'Sofía Ramírez Ortiz', 'sofia.ortiz@correo.es', 'Medellín', '2023-03-16'),
  loaded(8, 'CLI-008', 'Andrés Muñoz', 'andres.munoz@correo.es', 'medellin', '15 marzo 2023'),
  quarantined('invalid_id', 'CLI-ABC', 'Pedro Sánchez', 'pedro.sanchez@correo.es', 'Lima', '2023-05-20'),
  loaded(9, '9', 'Valentina Torres', 'valentina.torres@correo.es', 'Ciudad de México', 'Mar 15, 2023'),
  loaded(10, 'cli010', 'Diego Hernández', 'diego.hernandez@correo.es', 'ciudad de  méxico', '2023/08/22'),
  loaded(11, '11', 'Camila Rojas', 'camila.rojas@correo.es', 'Lima', '2024-02-29'),
  // A registration date in the future is not a finding.
  loaded(12, 'cli012', 'Mateo Díaz', 'mateo.diaz@correo.es', 'Buenos Aires', '2031-05-20'),
  quarantined('invalid_date', '21', 'Elena Castro', 'elena.castro@correo.es', 'Valencia', '2024-02-30'),
  loaded(13, 'CLI-013', 'Javier Ruiz', 'javier.ruiz@correo.es', 'Valencia', '12 de enero de 2024'),
  loaded(14, '14', 'Isabel Navarro', 'isabel.navarro@correo.es', 'Málaga', 'January 5 2024'),
  quarantined('missing_value', '22', 'Raúl Ortega', '', 'Sevilla', '2023-09-09'),
  loaded(15, 'cli015', 'Paula Jiménez', 'paula.jimenez@correo.es', 'Barcelona', '2023-10-10 14:00:00'),
  loaded(16, '16', 'Hugo Moreno', 'hugo.moreno@correo.es', 'MADRID', '10/11/2023'),
  // No trailing comma on this line only: five fields where the header has six.
  { reason: 'malformed_row', fields: ['23', 'Lorena Vidal', 'lorena.vidal@correo.es', 'Lima', '2023-12-01'] },
  loaded(17, 'CLI-017', 'Martín Álvarez', 'martin.alvarez@correo.es', 'Bogotá', '07-dic-2023'),
  loaded(18, '18', 'Daniela Argüello', 'daniela.arguello@correo.es', 'Buenos Aires', '2023-12-24'),
  loaded(19, 'cli019', 'Tomás Peña', 'tomas.pena@correo.es', 'Málaga', 'Dec 24, 2023'),
  loaded(20, '20', 'Natalia Rubio', 'natalia.rubio@correo.es', 'Medellín', '24/12/2023'),
];

export async function writeClients(path: string, quarantine: ExpectedQuarantine): Promise<{ tally: FileTally; ids: Set<number> }> {
  const writer = new CsvWriter(path, CLIENTES_FORMAT);
  const tally = new FileTally();
  const ids = new Set<number>();
  writer.writeRecord([...HEADER, '']);
  for (const row of ROWS) {
    const line = writer.writeRecord(row.fields);
    if ('reason' in row) {
      tally.quarantine(row.reason);
      quarantine.add('clientes.csv', line, row.reason);
    } else {
      tally.load();
      ids.add(row.id);
    }
  }
  await writer.close();
  for (const id of UNKNOWN_CLIENT_IDS) if (ids.has(id)) throw new Error(`client ${id} is meant to be unknown`);
  return { tally, ids };
}
