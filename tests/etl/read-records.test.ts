import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/etl/inspect-file.ts';
import { type CsvRecord, forEachRecord } from '../../src/etl/read-records.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

async function records(content: string | Buffer): Promise<CsvRecord[]> {
  const dir = newDir();
  writeFileSync(join(dir, 'inventario.csv'), content);
  const inspection = await inspectFile(dir, 'inventario');
  const out: CsvRecord[] = [];
  await forEachRecord(inspection, (r) => void out.push(r));
  return out;
}

const header = 'fecha,producto_id,almacen,stock\n';

describe('forEachRecord', () => {
  it('numbers records by the physical line where they start, skipping blank lines', async () => {
    const got = await records(header + '2024-01-01,1,Central,5\n\n   \n2024-01-02,1,"Norte\nalto",6\n2024-01-03,1,Sur,7');
    expect(got.map((r) => [r.line, r.fields])).toEqual([
      [2, ['2024-01-01', '1', 'Central', '5']],
      [5, ['2024-01-02', '1', 'Norte\nalto', '6']],
      [7, ['2024-01-03', '1', 'Sur', '7']],
    ]);
  });

  it('keeps the raw text of each record, without its line ending', async () => {
    const got = await records(header + '2024-01-01,1,"Central, ""A""",5\r\n');
    expect(got[0]!.raw).toBe('2024-01-01,1,"Central, ""A""",5');
    expect(got[0]!.fields).toEqual(['2024-01-01', '1', 'Central, "A"', '5']);
  });

  it('reads CRLF and LF line endings mixed in one file', async () => {
    const got = await records('fecha,producto_id,almacen,stock\r\n2024-01-01,1,A,5\r\n2024-01-01,1,B,5\n2024-01-01,1,C,5\r\n');
    expect(got.map((r) => r.fields?.[3])).toEqual(['5', '5', '5']);
  });

  it('marks rows with the wrong number of fields as malformed instead of dropping them', async () => {
    const got = await records(header + '2024-01-01,1,Central\n2024-01-01,1,Central,5,\n2024-01-01,1,Central,5\n');
    expect(got.map((r) => [r.line, r.fields === null, r.problem])).toEqual([
      [2, true, 'expected 4 fields, found 3'],
      [3, true, 'expected 4 fields, found 5'],
      [4, false, undefined],
    ]);
  });

  it('tolerates stray quotes inside unquoted fields', async () => {
    const got = await records(header + '2024-01-01,1,Alma"cen,5\n');
    expect(got[0]!.fields).toEqual(['2024-01-01', '1', 'Alma"cen', '5']);
  });

  it('turns the line of a quote never closed into one malformed record, and reads on from the next line', async () => {
    const got = await records(header + '2024-01-01,1,Central,5\n2024-01-02,1,"Norte,5\n2024-01-03,1,Sur,7\n');
    expect(got.map((r) => [r.line, r.fields])).toEqual([
      [2, ['2024-01-01', '1', 'Central', '5']],
      [3, null],
      [4, ['2024-01-03', '1', 'Sur', '7']],
    ]);
    expect(got[1]).toMatchObject({ raw: '2024-01-02,1,"Norte,5', problem: expect.stringContaining('not closed') });
  });

  it('decodes Windows-1252 files to UTF-8 text', async () => {
    const bytes = Buffer.from('fecha;producto_id;almacen;stock\r\n2024-01-01;1;Almac\xe9n Espa\xf1a;5\r\n', 'latin1');
    const got = await records(bytes);
    expect(got[0]!.fields).toEqual(['2024-01-01', '1', 'Almacén España', '5']);
  });

  it('strips a UTF-8 byte-order mark before the header', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'inventario.csv'), '\ufeff' + header + '2024-01-01,1,A,5\n');
    const inspection = await inspectFile(dir, 'inventario');
    expect(inspection).toMatchObject({ encoding: 'utf-8', bom: true, positions: { fecha: 0 } });
  });

  it('streams many records', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `2024-01-01,1,A${i},${i}`).join('\n');
    const got = await records(header + rows + '\n');
    expect(got).toHaveLength(20_000);
    expect(got[19_999]).toMatchObject({ line: 20_001, fields: ['2024-01-01', '1', 'A19999', '19999'] });
  });
});

describe('forEachRecord line numbers', () => {
  it('counts CRLF, blank CRLF lines and CRLF inside quoted fields', async () => {
    const got = await records(
      'fecha,producto_id,almacen,stock\r\n2024-01-01,1,A,5\r\n\r\n2024-01-01,1,"B\r\nC",5\r\n2024-01-01,1,D,5\n\n2024-01-01,1,E,5\r\n',
    );
    expect(got.map((r) => r.line)).toEqual([2, 4, 6, 8]);
    expect(got[1]!.raw).toBe('2024-01-01,1,"B\r\nC",5');
  });
});
