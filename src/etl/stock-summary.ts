// Rows and first and last stock date per warehouse spelling, added up while the stock rows are written, so
// the warehouse checks and the column profile read a few summary rows instead of a pass over a stock file
// as large as the sales. Keyed by the worker's warehouse dictionary index: three numbers per spelling.
import { growFloat64 } from './grow-float64.ts';

export interface StockSummaryRow {
  almacen: string;
  filas: number;
  /** yyyymmdd. */
  desde: number;
  hasta: number;
}

export class StockSummary {
  private rows = new Float64Array(16);
  private from = new Float64Array(16);
  private to = new Float64Array(16);
  private size = 0;

  /** `almacen` the warehouse's index in the load's dictionary; `fecha` packed as yyyymmdd. */
  add(almacen: number, fecha: number): void {
    if (almacen >= this.size) this.reach(almacen + 1);
    if (this.rows[almacen] === 0 || fecha < this.from[almacen]!) this.from[almacen] = fecha;
    if (fecha > this.to[almacen]!) this.to[almacen] = fecha;
    this.rows[almacen]! += 1;
  }

  /** One row per spelling with stock rows, in dictionary order; `names` the dictionary. */
  *summary(names: readonly string[]): Generator<StockSummaryRow> {
    for (let i = 0; i < this.size; i++) {
      if (this.rows[i] === 0) continue;
      yield { almacen: names[i]!, filas: this.rows[i]!, desde: this.from[i]!, hasta: this.to[i]! };
    }
  }

  private reach(size: number): void {
    if (size > this.rows.length) {
      let length = this.rows.length;
      while (length < size) length *= 2;
      this.rows = growFloat64(this.rows, length);
      this.from = growFloat64(this.from, length);
      this.to = growFloat64(this.to, length);
    }
    this.size = size;
  }
}
