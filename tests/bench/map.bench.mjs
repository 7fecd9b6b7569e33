// The map benchmark: the same scripted sequence (pan across the county, zoom in 6 levels and
// out, open and close clusters) on our map and on Leaflet 1.9.4 + markercluster 1.5.3, over the
// same 200 parks and 10,000 facilities, in the same run. Prints frame times (p50, p95), time to
// first complete render and map DOM elements per zoom, and our ratio to Leaflet last.

import { launch } from '../e2e/browser.mjs';

const BASE = process.env.YSMAP_URL;
const VIEWPORT = { width: 1440, height: 900 };

const SUBJECTS = {
  ours: {
    url: () => BASE,
    ready: async (page) => page.locator('.ysmap-map[data-map-ready]').waitFor({ state: 'attached', timeout: 120000 }),
    map: '.ysmap-map',
    cluster: '.ysmap-map .cluster',
    count: (el) => Number(el.getAttribute('data-count')),
  },
  leaflet: {
    url: (size) => `${BASE}bench/leaflet.html?w=${Math.round(size.width)}&h=${Math.round(size.height)}`,
    ready: async (page) => page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000, polling: 'raf' }),
    map: '#map',
    cluster: '#map .marker-cluster',
    count: (el) => Number(el.textContent),
  },
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function measure(browser, name, size) {
  const s = SUBJECTS[name];
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await page.goto(s.url(size));
  await s.ready(page);
  const firstRender = await page.evaluate(() => performance.now());
  const box = await page.locator(s.map).boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const domCount = () => page.evaluate((sel) => document.querySelector(sel).querySelectorAll('*').length, s.map);
  const dom = [await domCount()];
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
  // Zoom in 6 levels and out again, by keyboard (both maps take + and -).
  await page.locator(s.map).focus();
  for (const key of ['+', '+', '+', '+', '+', '+', '-', '-', '-', '-', '-', '-']) {
    await page.keyboard.press(key);
    await page.waitForTimeout(400);
    dom.push(await domCount());
  }
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
    }, { sel: s.cluster, field: name === 'ours' ? 'data' : 'text', box });
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
  const frames = await page.evaluate(() => {
    window.__stop = true;
    return window.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  await page.close();
  return {
    name,
    size: { width: Math.round(box.width), height: Math.round(box.height) },
    first_render_ms: firstRender,
    frames: frames.length,
    p50_ms: percentile(sorted, 0.5),
    p95_ms: percentile(sorted, 0.95),
    max_ms: sorted[sorted.length - 1],
    dom_max: Math.max(...dom),
    dom_by_step: dom,
  };
}

const browser = await launch();
try {
  const ours = await measure(browser, 'ours', null);
  const leaflet = await measure(browser, 'leaflet', ours.size);
  for (const r of [ours, leaflet]) {
    console.log(`    ${r.name.padEnd(8)} map ${r.size.width}×${r.size.height}  first render ${r.first_render_ms.toFixed(0)} ms  frames ${r.frames}  p50 ${r.p50_ms.toFixed(1)} ms  p95 ${r.p95_ms.toFixed(1)} ms  max ${r.max_ms.toFixed(1)} ms  DOM max ${r.dom_max}`);
    console.log(`             DOM elements per step: ${r.dom_by_step.join(' ')}`);
  }
  console.log(`    ratio ours/Leaflet: p95 frame ${(ours.p95_ms / leaflet.p95_ms).toFixed(2)}, p50 frame ${(ours.p50_ms / leaflet.p50_ms).toFixed(2)}, first render ${(ours.first_render_ms / leaflet.first_render_ms).toFixed(2)}, DOM max ${(ours.dom_max / leaflet.dom_max).toFixed(2)}`);
} finally {
  await browser.close();
}
