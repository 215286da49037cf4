import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

/** A table to download: stable column names (the peers': AR, CAR, AAR, CAAR, t, p, …) and one object per row. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string | number | boolean | null>[];
}

/** RFC 4180 CSV with a header line; null is an empty field. */
export function toCsv(table: Table): string {
  return stringify(
    table.rows.map((r) => table.columns.map((c) => r[c] ?? null)),
    { header: true, columns: [...table.columns], cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}

/** Sends `table` as a CSV or JSON attachment named `<name>.csv|json`. */
export function sendTable(reply: FastifyReply, table: Table, format: 'csv' | 'json', name: string): FastifyReply {
  const safe = name.replace(/[^\w.-]+/g, '_');
  reply.header('content-disposition', `attachment; filename="${safe}.${format}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(table.rows));
}

/** OpenAPI description of a download's 200 response (CSV text or a JSON array of rows with `columns`). */
export function tableResponse(columns: readonly string[]) {
  return {
    description: `columns: ${columns.join(', ')}`,
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    },
  };
}

/** `[-1,+1]`, `[0,0]`, `[0,+5]`: an event window as the downloads name it. */
export const windowName = (w: { readonly start: number; readonly end: number }): string =>
  `[${w.start},${w.end > 0 ? '+' : ''}${w.end}]`;
