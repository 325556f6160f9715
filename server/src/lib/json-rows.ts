/**
 * Many rows as one query parameter, for set-based statements:
 *
 *   INSERT INTO "T" (a, b) SELECT u.a, u.b FROM json_to_recordset($1::json) AS u(a uuid, b text)
 *   …, jsonRows(items.map((i) => ({ a: i.id, b: i.text })))
 *
 * JSON.stringify is native, and PostgreSQL parses the text once; an array parameter (`unnest($1::text[])`)
 * is escaped element by element in JavaScript by the driver, which showed as the largest single cost of
 * writing a webhook burst. Dates become ISO strings (timestamptz columns read them as such).
 */
export const jsonRows = (rows: readonly object[]): string => JSON.stringify(rows);
