import type { Queryable, Reader } from './database.ts';

/** A matter's facts for the transaction-notice laws (migration 006). */
export interface TransactionFactsRow {
  matter_id: number;
  planned_closing_date: string | null;
  physician_count: number | null;
  revenue_band: string | null;
  assets_band: string | null;
}

export interface TransactionFactsValues {
  plannedClosingDate: string | null;
  physicianCount: number | null;
  revenueBand: string | null;
  assetsBand: string | null;
}

export const findTransactionFacts = (q: Reader, matterId: number) =>
  q.get<TransactionFactsRow>('SELECT * FROM matter_transaction_facts WHERE matter_id = ?', [matterId]);

export const listTransactionFacts = (q: Reader, ids: number[]) =>
  ids.length === 0 ? Promise.resolve([]) : q.all<TransactionFactsRow>(`SELECT * FROM matter_transaction_facts WHERE matter_id IN (${ids.map(() => '?').join(',')})`, ids);

export async function saveTransactionFacts(q: Queryable, matterId: number, v: TransactionFactsValues): Promise<void> {
  await q.run(
    `INSERT INTO matter_transaction_facts (matter_id, planned_closing_date, physician_count, revenue_band, assets_band) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (matter_id) DO UPDATE SET planned_closing_date = excluded.planned_closing_date, physician_count = excluded.physician_count,
       revenue_band = excluded.revenue_band, assets_band = excluded.assets_band`,
    [matterId, v.plannedClosingDate, v.physicianCount, v.revenueBand, v.assetsBand],
  );
}
