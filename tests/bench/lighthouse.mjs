// A phone on a weak network, simulated: Lighthouse 12's mobile preset (its default: a
// mid-range phone with a 4× slower CPU on slow 4G, simulated throttling) over the app served
// with the sample catalog. Several runs, median and range of the largest contentful paint and
// the total blocking time, raw figures into a JSON file. Benchmark only: timings are never
// asserted in tests.

import fs from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const URL = process.env.YSMAP_URL;
const RUNS = Number(process.env.YSMAP_BENCH_RUNS ?? 3);
const OUT = process.env.YSMAP_BENCH_OUT ?? 'target/bench-lighthouse/results.json';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const raw = [];
for (let run = 0; run < RUNS; run++) {
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
      output: 'json',
      logLevel: 'error',
    });
    const a = result.lhr.audits;
    const r = {
      run,
      lcp_ms: a['largest-contentful-paint'].numericValue,
      tbt_ms: a['total-blocking-time'].numericValue,
      fcp_ms: a['first-contentful-paint'].numericValue,
      speed_index_ms: a['speed-index'].numericValue,
      transfer_kib: a['total-byte-weight'].numericValue / 1024,
      score: result.lhr.categories.performance.score,
      lcp_element: a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet,
      lighthouse: result.lhr.lighthouseVersion,
      form_factor: result.lhr.configSettings.formFactor,
      throttling: result.lhr.configSettings.throttlingMethod,
    };
    raw.push(r);
    console.log(`    run ${run + 1}: LCP ${r.lcp_ms.toFixed(0)} ms  TBT ${r.tbt_ms.toFixed(0)} ms  FCP ${r.fcp_ms.toFixed(0)} ms  transfer ${r.transfer_kib.toFixed(0)} KiB  score ${r.score}`);
    console.log(`           LCP element: ${r.lcp_element}`);
  } finally {
    await chrome.kill();
  }
}
const pick = (k) => raw.map((r) => r[k]);
const fmt = (k) => `${median(pick(k)).toFixed(0)} ms (${Math.min(...pick(k)).toFixed(0)}–${Math.max(...pick(k)).toFixed(0)})`;
console.log(`\n    Lighthouse ${raw[0]?.lighthouse}, ${raw[0]?.form_factor}, ${raw[0]?.throttling} throttling, median (range) of ${RUNS}:`);
console.log(`    LCP ${fmt('lcp_ms')}   target ≤ 2500 ms`);
console.log(`    TBT ${fmt('tbt_ms')}   target ≤ 200 ms`);
console.log(`    FCP ${fmt('fcp_ms')}`);
fs.mkdirSync(OUT.replace(/\/[^/]*$/, ''), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), url: URL, raw }, null, 2));
console.log(`\n    raw results: ${OUT}`);
