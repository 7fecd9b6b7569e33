// The map component's lifecycle in a real browser: two maps mounted and unmounted again and
// again leave nothing behind. The page is the crate's test harness (crates/map/examples/
// lifecycle.rs, built here for wasm; never part of the app's bundle). Chrome's DevTools protocol
// counts what is left after a forced garbage collection: DOM nodes and event listeners (an
// unmounted map whose wheel listener or resize observer were leaked, as `Closure::forget` did,
// keeps its whole element tree alive), the listeners still on an unmounted map's element, and
// any error from a timer, animation frame or observer callback that outlived its map.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launch } from './browser.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const SITE = path.join(TARGET, 'e2e-map-lifecycle');
/** Mount-and-unmount cycles measured (each mounts two maps). */
const CYCLES = 20;

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>map lifecycle</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="map.css">
<style>.host { position: relative; display: inline-block; width: 400px; height: 300px; margin: 4px; }</style>
</head><body><div id="maps"></div>
<script type="module">import init from './lifecycle.js'; init();</script>
</body></html>`;

let browser;
let server;
let url;

before(async () => {
  // Cargo and wasm-bindgen as the build uses them (xtask puts both on PATH).
  execFileSync('cargo', ['build', '--package', 'ysmap-map', '--example', 'lifecycle', '--features', 'leptos',
    '--target', 'wasm32-unknown-unknown'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.mkdirSync(SITE, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', SITE,
    path.join(TARGET, 'wasm32-unknown-unknown', 'debug', 'examples', 'lifecycle.wasm')], { stdio: 'inherit' });
  fs.copyFileSync(path.join(ROOT, 'crates', 'map', 'src', 'web', 'map.css'), path.join(SITE, 'map.css'));
  fs.writeFileSync(path.join(SITE, 'index.html'), PAGE);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'index.html';
    const file = path.join(SITE, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function openHarness() {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(url);
  await page.locator('body[data-ready]').waitFor({ state: 'attached' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/** Mounts two maps and waits until both have drawn. */
async function mountTwo(page) {
  await page.evaluate(() => window.dispatchEvent(new Event('ysmap-mount')));
  await page.locator('.ysmap-map[data-map-ready]').nth(1).waitFor();
}

/** Leaves work pending in both maps (a zoom animation's frames, the settle timer, the wheel
 *  hint's timer), then unmounts them in the same task. */
async function busyUnmount(page) {
  await page.evaluate(() => {
    const [a, b] = document.querySelectorAll('.ysmap-map');
    a.querySelector('.ysmap-map-controls button').click();
    b.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true }));
    window.dispatchEvent(new Event('ysmap-unmount'));
  });
}

async function metrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

test('maps mounted and unmounted again and again leave no nodes or listeners behind', async () => {
  const { page, cdp } = await openHarness();
  for (let i = 0; i < 3; i++) {
    await mountTwo(page);
    await busyUnmount(page);
  }
  await page.waitForTimeout(300);
  const start = await metrics(cdp);
  await mountTwo(page);
  const mounted = await metrics(cdp);
  await busyUnmount(page);
  for (let i = 1; i < CYCLES; i++) {
    await mountTwo(page);
    await busyUnmount(page);
  }
  // Long enough for any leftover animation frame, settle timer (100 ms) or hint (1.5 s) to run.
  await page.waitForTimeout(1800);
  const end = await metrics(cdp);
  const perMap = (mounted.Nodes - start.Nodes) / 2;
  console.log(`nodes: ${start.Nodes} at rest, ${mounted.Nodes} with two maps, ${end.Nodes} after ${CYCLES} cycles; listeners: ${start.JSEventListeners}, ${mounted.JSEventListeners}, ${end.JSEventListeners}`);
  assert.ok(perMap > 50, `a mounted map has ${perMap} nodes`);
  // A leak keeps every unmounted map: CYCLES × 2 maps' worth of nodes.
  assert.ok(end.Nodes - start.Nodes < perMap, `nodes ${start.Nodes} → ${end.Nodes} after ${CYCLES} cycles (${perMap} per map)`);
  assert.ok(end.JSEventListeners - start.JSEventListeners < 10,
    `listeners ${start.JSEventListeners} → ${end.JSEventListeners} after ${CYCLES} cycles`);
  assert.deepEqual(page.errors, []);
});

test('an unmounted map keeps no listener of its own and no resize observer', async () => {
  const { page, cdp } = await openHarness();
  await mountTwo(page);
  await page.evaluate(() => {
    window.kept = document.querySelector('.ysmap-map');
    window.dispatchEvent(new Event('ysmap-unmount'));
  });
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.kept' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
  assert.deepEqual(listeners.filter((l) => l.type === 'wheel'), [], 'the wheel listener is removed');
  // Put the old element back with another size and turn the wheel over it: a listener or an
  // observer still attached would act for a map that no longer exists.
  const prevented = await page.evaluate(() => {
    document.body.append(window.kept);
    window.kept.style.width = '250px';
    const wheel = new WheelEvent('wheel', { deltaY: -100, ctrlKey: true, bubbles: true, cancelable: true });
    window.kept.dispatchEvent(wheel);
    return wheel.defaultPrevented;
  });
  assert.equal(prevented, false, 'the wheel turn was handled by an unmounted map');
  await page.waitForTimeout(300);
  assert.deepEqual(page.errors, []);
});
