// The iframe embed with auto-height: the portal's page listens for the app's height
// (README "Embedding", its snippet) and the frame grows with the app, at a desktop's width and
// at a phone's, so the portal's page scrolls and the frame never does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, step, settled, BASE, ARTIFACTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an iframe with auto-height grows with the app at both widths', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  // A portal's column (same origin: the server lets only its own pages frame the app), with
  // the README's snippet, which listens to its own frame only.
  const host = new URL('portal-auto-height-test.html', BASE).href;
  await page.route(host, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><meta charset="utf-8"><title>县政府门户</title>
      <body style="margin:0"><h1 style="margin:0;height:120px">县政府门户 · 招商引资</h1>
      <iframe id="ysmap-frame" src="${BASE}?ysmap-auto-height" title="营商地图" style="display:block;width:1200px;height:150px;border:0"></iframe>
      <p style="height:300px">页脚</p>
      <script>
        addEventListener('message', (e) => {
          const frame = document.getElementById('ysmap-frame');
          if (e.source === frame.contentWindow && e.data && e.data.type === 'ysmap:height') {
            frame.style.height = e.data.height + 'px';
          }
        });
      </script></body>`,
  }));
  await page.goto(host);
  const frame = await (await page.locator('iframe').elementHandle()).contentFrame();
  await frame.locator('.ysmap-map[data-map-ready]').waitFor();
  await settled(frame);
  /** The frame's height, and the app's and its document's inside it. */
  const heights = async () => {
    await page.waitForTimeout(300);
    const outer = (await page.locator('iframe').boundingBox()).height;
    const [app, inner, viewport] = await frame.evaluate(() => [
      document.querySelector('.ysmap').getBoundingClientRect().height,
      document.documentElement.scrollHeight,
      innerHeight,
    ]);
    return { outer, app, inner, viewport };
  };
  await step(page, 'desktop-auto-height', async () => {
    const h = await heights();
    assert.ok(h.outer > 700, `the frame grew from 150 px (${JSON.stringify(h)})`);
    assert.ok(Math.abs(h.outer - Math.ceil(h.app)) <= 1, `the frame is as tall as the app (${JSON.stringify(h)})`);
    assert.ok(h.inner <= h.viewport + 1, `nothing scrolls inside the frame (${JSON.stringify(h)})`);
  });
  // The portal's page has no map of its own to wait for (snapshot() would wait for one).
  await page.screenshot({ path: `${ARTIFACTS}/desktop-auto-height-embed.png` });
  await step(page, 'phone-width-auto-height', async () => {
    await page.locator('iframe').evaluate((f) => { f.style.width = '390px'; });
    const h = await heights();
    assert.equal(await frame.locator('.ysmap-sheet-bar').isVisible(), true, 'the phone layout, with its sheet');
    assert.ok(Math.abs(h.outer - Math.ceil(h.app)) <= 1, `the frame follows the app (${JSON.stringify(h)})`);
    assert.ok(h.inner <= h.viewport + 1, `nothing scrolls inside the frame (${JSON.stringify(h)})`);
  });
  await context.close();
});
