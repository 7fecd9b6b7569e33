// A phone on a weak network: Lighthouse 12's mobile preset (a mid-range phone, slow 4G, a 4×
// slower CPU) over the app served with the sample catalog, in both of Lighthouse's ways:
// - 'simulate' (its default): the page loads at full speed and the slow network is modelled
//   afterwards from the requests that came before each milestone;
// - 'devtools': the load itself is throttled to the same slow 4G and CPU, and measured.
// The two differ where the order of events depends on speed: on a fast load the wasm has
// arrived before the first paint, so the model counts its download towards the largest paint
// although on slow 4G the server's first screen is painted a second before the wasm is in.
// Several runs each, median and range of LCP and TBT, raw figures into a JSON file.
// Benchmark only: timings are never asserted in tests.

import fs from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const URL = process.env.YSMAP_URL;
const RUNS = Number(process.env.YSMAP_BENCH_RUNS ?? 3);
const OUT = process.env.YSMAP_BENCH_OUT ?? 'target/bench-lighthouse/results.json';
const METHODS = (process.env.YSMAP_LIGHTHOUSE_THROTTLING ?? 'simulate,devtools').split(',');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function once(method, run) {
  // A fresh browser (and profile) per run: nothing cached.
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  try {
    const result = await lighthouse(URL, {
      port: chrome.port,
      onlyCategories: ['performance'],
      throttlingMethod: method,
      output: 'json',
      logLevel: 'error',
    });
    const a = result.lhr.audits;
    return {
      method,
      run,
      lcp_ms: a['largest-contentful-paint'].numericValue,
      tbt_ms: a['total-blocking-time'].numericValue,
      fcp_ms: a['first-contentful-paint'].numericValue,
      speed_index_ms: a['speed-index'].numericValue,
      transfer_kib: a['total-byte-weight'].numericValue / 1024,
      score: result.lhr.categories.performance.score,
      lcp_element: a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
      lighthouse: result.lhr.lighthouseVersion,
      form_factor: result.lhr.configSettings.formFactor,
    };
  } finally {
    await chrome.kill();
  }
}

const raw = [];
for (const method of METHODS) {
  for (let run = 0; run < RUNS; run++) {
    const r = await once(method, run);
    raw.push(r);
    console.log(`    ${method.padEnd(8)} run ${run + 1}: LCP ${r.lcp_ms.toFixed(0)} ms  TBT ${r.tbt_ms.toFixed(0)} ms  FCP ${r.fcp_ms.toFixed(0)} ms  transfer ${r.transfer_kib.toFixed(0)} KiB  score ${r.score}  LCP element ${r.lcp_element ?? '(removed)'}`);
  }
}
const summary = {};
console.log(`\n    Lighthouse ${raw[0]?.lighthouse}, ${raw[0]?.form_factor} preset, median (range) of ${RUNS} runs; targets LCP ≤ 2500 ms, TBT ≤ 200 ms:`);
for (const method of METHODS) {
  const rs = raw.filter((r) => r.method === method);
  const fmt = (k) => `${median(rs.map((r) => r[k])).toFixed(0)} ms (${Math.min(...rs.map((r) => r[k])).toFixed(0)}–${Math.max(...rs.map((r) => r[k])).toFixed(0)})`;
  summary[method] = { lcp_ms: median(rs.map((r) => r.lcp_ms)), tbt_ms: median(rs.map((r) => r.tbt_ms)), fcp_ms: median(rs.map((r) => r.fcp_ms)) };
  console.log(`    ${method.padEnd(8)} LCP ${fmt('lcp_ms')}  TBT ${fmt('tbt_ms')}  FCP ${fmt('fcp_ms')}`);
}
fs.mkdirSync(OUT.replace(/\/[^/]*$/, ''), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), url: URL, summary, raw }, null, 2));
console.log(`\n    raw results: ${OUT}`);
