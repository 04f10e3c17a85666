// expected-quarantine.csv: one row per row the ETL must quarantine (file, starting line, reason),
// written as the generator goes, in file order.
import type { ReasonCode } from './codes.ts';
import { CsvWriter } from './csv-writer.ts';

export class ExpectedQuarantine {
  private readonly writer: CsvWriter;

  constructor(path: string) {
    this.writer = new CsvWriter(path, { encoding: 'utf-8', delimiter: ',', lineEnding: '\n', bom: false });
    this.writer.writeRecord(['archivo', 'linea', 'razon']);
  }

  add(fileName: string, line: number, reason: ReasonCode): void {
    this.writer.writeRecord([fileName, String(line), reason]);
  }

  get shouldFlush(): boolean {
    return this.writer.shouldFlush;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
