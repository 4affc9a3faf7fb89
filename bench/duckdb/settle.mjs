// DuckDB peer of `praksis settle` for bench/money.sh (benchmark only; the product never uses DuckDB).
//   node settle.mjs load DB WORLD_DIR CLAIMS_CSV TARIFFS_CSV   load the same CSV files into DB
//   node settle.mjs settle DB YEAR OUT_JSON                     the settlement aggregation in SQL
// The load resolves citizen ids and service codes to integers once, as `praksis import-claims`
// does; the timed settlement then aggregates every claim line per clinic and applies E1, E2 and E4.
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const [mode, db, ...rest] = process.argv.slice(2);

async function connect() {
  const instance = await DuckDBInstance.create(db);
  return instance.connect();
}

if (mode === 'load') {
  const [world, claims, tariffs] = rest;
  const c = await connect();
  await c.run(`
    CREATE OR REPLACE TABLE kommuner AS
      SELECT * FROM read_csv('${world}/kommuner.csv', header = true, all_varchar = false);
    CREATE OR REPLACE TABLE clinics AS
      SELECT ydernummer::INTEGER AS ydernummer, kommunekode::INTEGER AS kommune, established::DATE AS established
      FROM read_csv('${world}/clinics.csv', header = true);
    CREATE OR REPLACE TABLE citizens AS
      SELECT row_number() OVER () AS row, citizen_id,
             (type2_diabetes = 1 OR copd = 1) AS chronic, ydernummer::INTEGER AS ydernummer
      FROM read_csv('${world}/citizens.csv', header = true,
                    types = {'citizen_id': 'VARCHAR', 'ydernummer': 'INTEGER'});
    CREATE OR REPLACE TABLE tariffs AS
      SELECT row_number() OVER () AS idx, code, round(fee_kr * 100)::BIGINT AS fee_ore, kind,
             counts_toward_cap = 1 AS cap, replaced_by_chronic_fee = 1 AS replaced, in_frame = 1 AS in_frame
      FROM read_csv('${tariffs}', header = true, types = {'code': 'VARCHAR', 'fee_kr': 'DECIMAL(12,2)'});
    CREATE OR REPLACE TABLE claims AS
      SELECT c.claim_id::BIGINT AS claim_id, c.ydernummer::INTEGER AS ydernummer, z.row AS citizen,
             c.date::DATE AS date, t.idx AS service, c.quantity::INTEGER AS quantity
      FROM read_csv('${claims}', header = true,
                    types = {'citizen_id': 'VARCHAR', 'service_code': 'VARCHAR'}) c
      JOIN citizens z ON z.citizen_id = c.citizen_id
      JOIN tariffs t ON t.code = c.service_code;
    CHECKPOINT;`);
  const r = await c.runAndReadAll('SELECT count(*) FROM claims');
  console.log(`loaded ${r.getRowsJson()[0][0]} claim lines into ${db}`);
} else if (mode === 'settle') {
  const [year, out] = rest;
  const c = await connect();
  // Money in integer øre throughout; a/b rounded half away from zero as (2a + b) // (2b) (a, b >= 0).
  const sql = `
    WITH basic AS (SELECT fee_ore FROM tariffs WHERE kind = 'basic'),
    act AS (
      SELECT ydernummer,
             sum(amount) FILTER (WHERE NOT by_chronic) AS activity,
             sum(amount) FILTER (WHERE NOT by_chronic AND cap) AS cap_base,
             sum(amount) FILTER (WHERE NOT by_chronic AND in_frame) AS in_frame,
             sum(amount) FILTER (WHERE by_chronic) AS replaced,
             count(*) AS lines
      FROM (SELECT c.ydernummer, c.quantity * t.fee_ore AS amount, t.cap, t.in_frame,
                   (t.replaced AND z.chronic AND z.ydernummer = c.ydernummer) AS by_chronic
            FROM claims c JOIN citizens z ON z.row = c.citizen JOIN tariffs t ON t.idx = c.service)
      GROUP BY ydernummer),
    listed AS (
      SELECT ydernummer, count(*) AS patients, count(*) FILTER (WHERE chronic) AS chronic_patients
      FROM citizens WHERE ydernummer IS NOT NULL GROUP BY ydernummer),
    clinic AS (
      SELECT k.ydernummer, km.regionskode AS region, m.months,
             coalesce(l.patients, 0) * m.months AS pm,
             (SELECT fee_ore FROM basic) * coalesce(l.patients, 0) * m.months AS basic,
             (2 * 200000 * coalesce(l.chronic_patients, 0)::HUGEINT * m.months + 12) // 24 AS chronic,
             coalesce(a.activity, 0)::HUGEINT AS activity, coalesce(a.cap_base, 0)::HUGEINT AS cap_base,
             coalesce(a.in_frame, 0)::HUGEINT AS in_frame, coalesce(a.replaced, 0)::HUGEINT AS replaced,
             coalesce(a.lines, 0) AS lines
      FROM clinics k JOIN kommuner km ON km.kommunekode = k.kommune
      CROSS JOIN LATERAL (SELECT CASE WHEN year(k.established) < ${year} THEN 12
                                      WHEN year(k.established) = ${year} THEN 13 - month(k.established)
                                      ELSE 0 END AS months) m
      LEFT JOIN listed l USING (ydernummer) LEFT JOIN act a USING (ydernummer)),
    region AS (SELECT region, sum(cap_base) AS rbase, sum(pm) AS rpm FROM clinic GROUP BY region),
    capped AS (
      SELECT clinic.*,
             CASE WHEN pm > 0 AND rpm > 0 AND cap_base * rpm * 100 > rbase * pm * 125
                  THEN cap_base - (2 * rbase * pm * 125 + rpm * 100) // (2 * rpm * 100) ELSE 0 END AS repayment
      FROM clinic JOIN region USING (region))
    SELECT coalesce(region::VARCHAR, 'nation') AS region, count(*) AS clinics, sum(lines) AS claim_lines,
           sum(basic) AS basic, sum(chronic) AS chronic, sum(activity) AS activity,
           sum(replaced) AS replaced, sum(repayment) AS cap_repayment,
           sum(basic + chronic + activity - repayment) AS total_without_e3
    FROM capped GROUP BY ROLLUP (region) ORDER BY region NULLS LAST`;
  const r = await c.runAndReadAll(sql);
  const rows = r.getRowObjectsJson();
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
} else {
  console.error('usage: node settle.mjs load DB WORLD_DIR CLAIMS_CSV TARIFFS_CSV | settle DB YEAR [OUT_JSON]');
  process.exit(2);
}
