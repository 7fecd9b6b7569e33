// The map benchmark: the same scripted sequence (pan across the county, zoom in 6 levels and
// out, open and close clusters) on our map and on Leaflet 1.9.4 + markercluster 1.5.3, over the
// same 200 parks and 10,000 facilities, in the same run, in alternating order over several
// runs. Each page marks its own readiness with `performance.mark`, so the time to a complete
// map is the page's own clock, not the driver's polling. Per step it records the main thread's
// busy time (CDP Performance.getMetrics TaskDuration) besides frame times, and writes every raw
// figure to a JSON file; the summary gives the median and range of each, and our ratio to
// Leaflet of the medians.

import fs from 'node:fs';
import { launch } from '../e2e/browser.mjs';

const BASE = process.env.YSMAP_URL;
const RUNS = Number(process.env.YSMAP_BENCH_RUNS ?? 3);
const OUT = process.env.YSMAP_BENCH_OUT ?? 'target/bench-map/results.json';
const VIEWPORT = { width: 1440, height: 900 };

const SUBJECTS = {
  ours: {
    url: () => BASE,
    mark: 'ysmap-map-ready',
    map: '.ysmap-map',
    cluster: '.ysmap-map .cluster',
    field: 'data',
  },
  leaflet: {
    url: (size) => `${BASE}bench/leaflet.html?w=${size.width}&h=${size.height}`,
    mark: 'map-ready',
    map: '#map',
    cluster: '#map .marker-cluster',
    field: 'text',
  },
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/** Waits for the page's own readiness mark and returns its time (ms since navigation). */
async function markTime(page, name) {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName(n, 'mark')[0]?.startTime,
    name,
    { timeout: 120000, polling: 50 },
  );
  return handle.jsonValue();
}

async function measure(browser, name, size) {
  const s = SUBJECTS[name];
  // A fresh context: an empty cache and storage for each page, so neither side starts warm.
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  };
  await page.goto(s.url(size));
  const ready = await markTime(page, s.mark);
  const box = await page.locator(s.map).boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const domCount = () => page.evaluate((sel) => document.querySelector(sel).querySelectorAll('*').length, s.map);
  const dom = [await domCount()];
  const steps = {};
  let before = await busy();
  const endStep = async (step) => {
    const now = await busy();
    steps[step] = now - before;
    before = now;
  };
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const loop = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  before = await busy();
  // Pan across the county and back: 12 drags of 120 px, held still before release.
  for (const dir of [-1, 1]) {
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let k = 1; k <= 10; k++) {
        await page.mouse.move(cx + dir * 12 * k, cy + dir * 4 * k);
        await page.waitForTimeout(16);
      }
      await page.waitForTimeout(80);
      await page.mouse.up();
    }
  }
  await page.waitForTimeout(400);
  await endStep('pan');
  // Zoom in 6 levels and out again, by keyboard (both maps take + and -).
  await page.locator(s.map).focus();
  for (const key of ['+', '+', '+', '+', '+', '+', '-', '-', '-', '-', '-', '-']) {
    await page.keyboard.press(key);
    await page.waitForTimeout(400);
    dom.push(await domCount());
  }
  await endStep('zoom');
  // Open the biggest cluster in view, then zoom back out; three times.
  for (let i = 0; i < 3; i++) {
    // The biggest cluster well inside the map (not in the margin kept beyond its edges).
    const target = await page.evaluate(({ sel, field, box }) => {
      let best = null;
      for (const e of document.querySelectorAll(sel)) {
        const r = e.getBoundingClientRect();
        const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
        const inside = x > box.x + 40 && x < box.x + box.width - 60 && y > box.y + 40 && y < box.y + box.height - 40;
        const n = Number(field === 'data' ? e.getAttribute('data-count') : e.textContent);
        if (inside && (!best || n > best.n)) best = { n, x, y };
      }
      return best;
    }, { sel: s.cluster, field: s.field, box });
    if (!target) break;
    await page.mouse.click(target.x, target.y);
    await page.waitForTimeout(700);
    dom.push(await domCount());
    await page.locator(s.map).focus();
    for (let k = 0; k < 2; k++) {
      await page.keyboard.press('-');
      await page.waitForTimeout(400);
    }
    dom.push(await domCount());
  }
  await endStep('clusters');
  const frames = await page.evaluate(() => {
    window.__stop = true;
    return window.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  await context.close();
  return {
    name,
    size: { width: Math.round(box.width), height: Math.round(box.height) },
    ready_ms: ready,
    busy_ms: steps,
    frames: frames.length,
    p50_ms: percentile(sorted, 0.5),
    p95_ms: percentile(sorted, 0.95),
    max_ms: sorted[sorted.length - 1],
    dom_max: Math.max(...dom),
    dom_by_step: dom,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

const browser = await launch();
const runs = [];
try {
  // Our map's size decides Leaflet's element size; measure it once, outside the runs.
  const probe = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const probePage = await probe.newPage();
  await probePage.goto(BASE);
  await markTime(probePage, SUBJECTS.ours.mark);
  const b = await probePage.locator(SUBJECTS.ours.map).boundingBox();
  const size = { width: Math.round(b.width), height: Math.round(b.height) };
  await probe.close();
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? ['ours', 'leaflet'] : ['leaflet', 'ours'];
    for (const name of order) {
      const r = await measure(browser, name, size);
      r.run = run;
      runs.push(r);
      console.log(`    run ${run + 1} ${name.padEnd(8)} ready ${r.ready_ms.toFixed(0)} ms  busy pan/zoom/clusters ${r.busy_ms.pan.toFixed(0)}/${r.busy_ms.zoom.toFixed(0)}/${r.busy_ms.clusters.toFixed(0)} ms  p50 ${r.p50_ms.toFixed(1)}  p95 ${r.p95_ms.toFixed(1)}  max ${r.max_ms.toFixed(1)} ms  DOM max ${r.dom_max}`);
    }
  }
} finally {
  await browser.close();
}

const metric = {
  'ready (ms)': (r) => r.ready_ms,
  'busy: pan (ms)': (r) => r.busy_ms.pan,
  'busy: zoom (ms)': (r) => r.busy_ms.zoom,
  'busy: clusters (ms)': (r) => r.busy_ms.clusters,
  'frame p50 (ms)': (r) => r.p50_ms,
  'frame p95 (ms)': (r) => r.p95_ms,
  'DOM max': (r) => r.dom_max,
};
const summary = {};
console.log(`\n    ${'median (range) over ' + RUNS + ' runs'.padEnd(20)}  ${'ours'.padEnd(22)} ${'Leaflet'.padEnd(22)} ratio`);
for (const [label, get] of Object.entries(metric)) {
  const ours = runs.filter((r) => r.name === 'ours').map(get);
  const leaflet = runs.filter((r) => r.name === 'leaflet').map(get);
  const ratio = median(ours) / median(leaflet);
  summary[label] = { ours: median(ours), leaflet: median(leaflet), ratio, ours_range: range(ours), leaflet_range: range(leaflet) };
  console.log(`    ${label.padEnd(28)}  ${`${median(ours).toFixed(1)} (${range(ours)})`.padEnd(22)} ${`${median(leaflet).toFixed(1)} (${range(leaflet)})`.padEnd(22)} ${ratio.toFixed(2)}`);
}
fs.mkdirSync(OUT.replace(/\/[^/]*$/, ''), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, summary, raw: runs }, null, 2));
console.log(`\n    raw results: ${OUT}`);
