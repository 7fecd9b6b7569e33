// Without the server: the built app served as plain files (as a county could host it on any
// web server) still browses the whole catalog from data/catalog.postcard (written beside
// data/catalog.json by the build), and the form tells the investor how to reach the county
// instead of failing; the same files work from any sub-path of the host, unchanged.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch, open, step, snapshot, sendSmallestRequest } from './browser.mjs';

let browser;
let files;
let url;
let nested;
let nestedRoot;
let nestedUrl;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A plain web server of `dir` on a free port, and its address once it answers `probe`. */
async function serveFiles(dir, probe) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(base + probe).then((r) => r.ok).catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [child, base];
}

before(async () => {
  const dist = path.resolve(process.env.YSMAP_DIST ?? 'dist');
  [files, url] = await serveFiles(dist, '');
  // The same files under a portal's column path (as a CMS would publish them).
  nestedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ysmap-subpath-'));
  fs.mkdirSync(path.join(nestedRoot, 'zwgk', 'zsyz'), { recursive: true });
  fs.symlinkSync(dist, path.join(nestedRoot, 'zwgk', 'zsyz', 'map'));
  let nestedBase;
  [nested, nestedBase] = await serveFiles(nestedRoot, 'zwgk/zsyz/map/');
  nestedUrl = `${nestedBase}zwgk/zsyz/map/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  files?.kill();
  nested?.kill();
  if (nestedRoot) fs.rmSync(nestedRoot, { recursive: true, force: true });
});

test('the same files from a sub-path of the host: nothing is asked for outside it', async () => {
  const page = await open(browser, { url: nestedUrl });
  await step(page, 'subpath-browse', async () => {
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    await page.locator('.ysmap-park-card[data-park="park-logistics"]').click();
    await page.locator('.ysmap-park-detail').waitFor();
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.startsWith('http'))
      .map((e) => [e.name, e.responseStatus]));
    assert.ok(loaded.some(([name]) => name.endsWith('.wasm')), 'the wasm came');
    // The API is tried first and is not there (a plain web host); the browser's own probe for
    // a site icon goes to the host's root, as on every page.
    const own = loaded.filter(([name]) => !name.startsWith(`${nestedUrl}api/`) && !name.endsWith('/favicon.ico'));
    assert.deepEqual(own.filter(([name, status]) => !name.startsWith(nestedUrl) || status >= 400), [],
      'every file from under the sub-path, and found');
  });
  // Nothing went wrong but the two 404s above, which the browser reports itself.
  assert.deepEqual(page.errors.filter((e) => !/Failed to load resource: .* 404/.test(e)), []);
});

test('the app browses from the static catalog and the form points to the service centre', async () => {
  const page = await open(browser, { url });
  await step(page, 'static-browse', async () => {
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    assert.match(await page.locator('.ysmap-offline-notice').innerText(), /离线目录/);
  });
  await step(page, 'static-form', async () => {
    await sendSmallestRequest(page, '示例公司');
    const alert = page.locator('.ysmap-alert');
    await alert.waitFor();
    // No park chosen: the city's centre.
    assert.match(await alert.innerText(), /029-3300 8000/);
    // What was typed is still there.
    assert.equal(await page.getByLabel('企业名称').inputValue(), '示例公司');
  });
  await snapshot(page, 'desktop-static-form');
});
