// Runs one peer engine over the benchmark corpus and prints one JSON object
// on stdout. Called by sauatty-bench (bench/sauatty_bench.cpp), one process per
// peer so that each RSS figure is its own:
//
//   node run.mjs ghostery|ubo --lists A.txt,B.txt --vectors V.json --rounds N
//
// Timing is per call with process.hrtime.bigint(), the same method the C++
// side uses; for Ghostery the timed call is engine.match() on a Request built
// beforehand; uBO's public API has only matchRequest(), which parses the URL
// itself, so its figure includes that.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const peer = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const lists = opt('lists', '').split(',').filter(Boolean).map((p) => readFileSync(p, 'utf8'));
const vectors = JSON.parse(readFileSync(opt('vectors'), 'utf8'));
const rounds = Number(opt('rounds', '10'));

// Corpus type names → webRequest names, as the C++ side maps them.
const mapType = (t) => ({ xhr: 'xmlhttprequest', fetch: 'xmlhttprequest', subdocument: 'sub_frame' }[t] ?? t);
const requests = vectors.map((v) => ({ url: v.url, sourceUrl: v.sourceUrl, type: mapType(v.type) }));

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function time(decide) {
  for (let i = 0; i < requests.length; i++) decide(i);  // warm-up
  const samples = new Float64Array(requests.length * rounds);
  let k = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < requests.length; i++) {
      const t0 = process.hrtime.bigint();
      decide(i);
      samples[k++] = Number(process.hrtime.bigint() - t0);
    }
  }
  samples.sort();
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < requests.length; i++) decide(i);
  const total = Number(process.hrtime.bigint() - t0);
  return {
    median_ns: quantile(samples, 0.5),
    p99_ns: quantile(samples, 0.99),
    decisions_per_s: (requests.length * rounds) / (total / 1e9),
  };
}

async function ghostery() {
  const { FiltersEngine, Request } = await import('@ghostery/adblocker');
  const version = require('@ghostery/adblocker/package.json').version;
  const t0 = process.hrtime.bigint();
  const engine = FiltersEngine.parse(lists.join('\n'), { loadCosmeticFilters: false });
  const parse_ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss_kb = Math.round(process.memoryUsage().rss / 1024);
  const prepared = requests.map((r) => Request.fromRawDetails(r));
  const timing = time((i) => engine.match(prepared[i]));
  const verdicts = prepared.map((r) => {
    const m = engine.match(r);
    return m.match ? 1 : m.exception ? 2 : 0;
  });
  const filters = prepared.map((r) => {
    const m = engine.match(r);
    return (m.filter ?? m.exception)?.toString() ?? '';
  });
  return { name: 'ghostery', package: '@ghostery/adblocker', version, parse_ms, rss_kb, ...timing, verdicts, filters };
}

async function ubo() {
  const { StaticNetFilteringEngine, pslInit } = await import('@gorhill/ubo-core');
  const version = require('@gorhill/ubo-core/package.json').version;
  const snfe = await StaticNetFilteringEngine.create();
  // The package's serialized Public Suffix List loads as empty (getDomain()
  // returns '' for every host, so uBO falls back to comparing host names for
  // $third-party). Give it the system's list, the one libpsl reads for us.
  const pslPath = opt('psl', '/usr/share/publicsuffix/public_suffix_list.dat');
  if (existsSync(pslPath)) pslInit(readFileSync(pslPath, 'utf8'));
  const t0 = process.hrtime.bigint();
  await snfe.useLists(lists.map((raw, i) => ({ name: `list${i}`, raw })));
  const parse_ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss_kb = Math.round(process.memoryUsage().rss / 1024);
  const details = requests.map((r) => ({ url: r.url, originURL: r.sourceUrl, type: r.type }));
  const timing = time((i) => snfe.matchRequest(details[i]));
  const verdicts = [];
  const filters = [];
  for (const d of details) {
    const v = snfe.matchRequest(d);
    verdicts.push(v);
    filters.push(v !== 0 ? (snfe.toLogData()?.raw ?? '') : '');
  }
  return { name: 'ubo', package: '@gorhill/ubo-core', version, parse_ms, rss_kb, ...timing, verdicts, filters };
}

const run = { ghostery, ubo }[peer];
if (!run) {
  console.error('usage: node run.mjs ghostery|ubo --lists A,B --vectors V.json --rounds N');
  process.exit(1);
}
process.stdout.write(JSON.stringify(await run()) + '\n');
