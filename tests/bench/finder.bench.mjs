// The facility finder per keystroke: with a filter set (kind) and needs set (an area, so the
// results are ranked with reasons), 100 keystrokes typed into the search box one at a time; the
// page times each change itself (`ysmap-finder-work`: search, filters, counts, ranking and the
// list's and map's updates, run before the next task; `ysmap-finder-frame`: to the next frame).
// The same keystrokes on the sample catalog (35 facilities) in the same run are the baseline,
// and the two alternate over the runs. Raw figures go to a JSON file; the summary gives p50 and
// p95 of each and the ratio of the medians.

import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';

const SUBJECTS = { large: process.env.YSMAP_URL, sample: process.env.YSMAP_BASELINE_URL };
const OUT = process.env.YSMAP_BENCH_OUT ?? 'target/bench-results/finder.json';
const RUNS = Number(process.env.YSMAP_BENCH_RUNS ?? 2);
// Words an investor types (pinyin, English, Chinese, figures), one key at a time; 100 keys.
const KEYS = [...'gongyeyuan changfang 2 warehouse 4 cangku land tudi wuliu 12 bld'].slice(0, 50);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function run(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  // The needs, as the device keeps them: 2,000 m², so every change ranks.
  await context.addInitScript(() => localStorage.setItem('ysmap.space-needs.v1', 'area=2000'));
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.ysmap-map[data-map-ready]').waitFor({ timeout: 120000 });
  await page.locator('.ysmap-nav button').nth(1).click();
  await page.getByLabel('类型').selectOption('factory');
  const box = page.getByRole('searchbox');
  await box.click();
  const count = () => page.evaluate(() => performance.getEntriesByName('ysmap-finder-frame').length);
  // 50 keys typed, then deleted one by one: 100 changes.
  for (const key of [...KEYS, ...KEYS.map(() => 'Backspace')]) {
    const before = await count();
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await page.waitForFunction((n) => performance.getEntriesByName('ysmap-finder-frame').length > n, before);
  }
  const times = await page.evaluate(() => ({
    work: performance.getEntriesByName('ysmap-finder-work').map((e) => e.duration),
    frame: performance.getEntriesByName('ysmap-finder-frame').map((e) => e.duration),
  }));
  await context.close();
  return times;
}

const browser = await launch();
const raw = { large: [], sample: [] };
for (let r = 0; r < RUNS; r++) {
  const order = r % 2 === 0 ? ['large', 'sample'] : ['sample', 'large'];
  for (const name of order) raw[name].push(await run(browser, SUBJECTS[name]));
}
await browser.close();

const summary = {};
for (const [name, runs] of Object.entries(raw)) {
  summary[name] = {};
  for (const kind of ['work', 'frame']) {
    const all = runs.flatMap((t) => t[kind]).sort((a, b) => a - b);
    summary[name][kind] = { n: all.length, p50: percentile(all, 0.5), p95: percentile(all, 0.95) };
  }
}
const ratio = summary.large.work.p50 / summary.sample.work.p50;
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ summary, ratio_of_work_medians: ratio, raw }, null, 1));
const f = (x) => x.toFixed(1);
for (const [name, s] of Object.entries(summary)) {
  console.log(`    ${name.padEnd(7)} work p50 ${f(s.work.p50)} ms, p95 ${f(s.work.p95)} ms; to the next frame p50 ${f(s.frame.p50)} ms, p95 ${f(s.frame.p95)} ms (${s.work.n} changes)`);
}
console.log(`    10,000 facilities / sample, work medians: ${ratio.toFixed(2)}×; raw figures in ${OUT}`);
