// Summary of bench/money.sh: medians and spreads from hyperfine, the DuckDB ratio, and a check that
// DuckDB's national totals equal praksis's to the øre (E1, E2, E4; DuckDB leaves out E3).
import { readFileSync } from 'node:fs';

const work = process.argv[2];
const read = (f) => JSON.parse(readFileSync(`${work}/${f}`, 'utf8'));
const stats = (f) => {
  const r = read(f).results[0];
  const t = [...r.times].sort((a, b) => a - b);
  return { median: r.median, min: t[0], max: t[t.length - 1], runs: t.length };
};
const fmt = (s) => `median ${s.median.toFixed(2)} s (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, ${s.runs} runs)`;
const settle = stats('settle.json');
const scenario = stats('scenario.json');
const duck = stats('duckdb.json');
console.log(`praksis settle:            ${fmt(settle)}  [limit 10 s]`);
console.log(`praksis settle --scenario: ${fmt(scenario)}  [limit 5 s]`);
console.log(`duckdb settlement SQL:     ${fmt(duck)}`);
console.log(`ratio duckdb / praksis (medians): ${(duck.median / settle.median).toFixed(2)}`);

const p = read('praksis-settlement.json').summary;
const d = read('duckdb-settlement.json').find((r) => r.region === 'nation');
const ore = (kr) => BigInt(kr.replace('.', ''));
const checks = [
  ['claim lines', BigInt(p.claim_lines), BigInt(d.claim_lines)],
  ['basishonorar', ore(p.basic_kr), BigInt(d.basic)],
  ['kronikerhonorar', ore(p.chronic_kr), BigInt(d.chronic)],
  ['ydelseshonorar', ore(p.activity_kr), BigInt(d.activity)],
  ['replaced by the chronic fee', ore(p.replaced_by_chronic_kr), BigInt(d.replaced)],
  ['højestegrænse repayment', ore(p.cap_repayment_kr), BigInt(d.cap_repayment)],
  ['total less E3', ore(p.total_kr) - ore(p.model1_kr) - ore(p.model2_kr), BigInt(d.total_without_e3)],
];
let ok = true;
for (const [name, a, b] of checks) {
  if (a !== b) ok = false;
  console.log(`  ${a === b ? 'same' : 'DIFFERENT'}: ${name} praksis ${a} duckdb ${b} (øre)`);
}
if (!ok) process.exit(1);
