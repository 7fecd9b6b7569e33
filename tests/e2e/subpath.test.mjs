// Behind a reverse proxy that gives the server a sub-path of the portal's host
// (`/zwgk/zsyz/map/` → the server's `/`): the app, the request it sends and the staff console
// work unchanged from the same build, and nothing is asked for outside the sub-path.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, step, snapshot, axeViolations, sendSmallestRequest, BASE, DESKTOP } from './browser.mjs';

const PASSWORD = process.env.YSMAP_STAFF_PASSWORD;
const SUB_PATH = '/zwgk/zsyz/map/';
let browser;
let proxy;
let prefix;
/** What the browser asked the portal's host for outside the sub-path. */
const outside = [];

before(async () => {
  // The portal's reverse proxy: the sub-path goes to the server with the sub-path taken off,
  // answers (redirects included) come back as they are; the rest of the host is the portal's.
  proxy = http.createServer((req, res) => {
    if (!req.url.startsWith(SUB_PATH)) {
      outside.push(req.url);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('the portal has no such page');
      return;
    }
    const target = new URL(req.url.slice(SUB_PATH.length), BASE);
    // The portal's host name goes on (nginx: proxy_set_header Host $host).
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  prefix = `http://127.0.0.1:${proxy.address().port}${SUB_PATH}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  proxy?.close();
});

test('behind a proxy at a sub-path: the app sends a request, the console signs in', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  try {
    await page.goto(prefix);
    await step(page, 'subpath-app', async () => {
      await page.locator('.ysmap-map[data-map-ready]').waitFor();
      assert.equal(await page.locator('.ysmap-park-card').count(), 6);
      assert.equal(await page.locator('.ysmap-offline-notice').count(), 0, 'the catalog came from the API');
    });
    await step(page, 'subpath-request', async () => {
      await sendSmallestRequest(page, '示例子路径公司');
      const code = page.locator('.ysmap-success [data-tracking-code]');
      await code.waitFor();
      assert.match(await code.innerText(), /^YS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    });
    await step(page, 'subpath-console', async () => {
      // Without the trailing slash: the server's redirect is relative, so it stays under.
      await page.goto(prefix + 'console');
      assert.equal(page.url(), prefix + 'console/');
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByLabel('密码').press('Enter');
      // An administrator starts on 工作台, with the tabs.
      await page.locator('.ysc-tabs').getByRole('button', { name: '帮办代办申请' }).click();
      await page.getByRole('heading', { name: '帮办代办申请' }).waitFor();
      await page.getByText('示例子路径公司').first().waitFor();
      const csv = await page.locator('a[href*="requests.csv"]').evaluate((a) => a.href);
      assert.ok(csv.startsWith(prefix + 'api/admin/'), csv);
      assert.equal(await page.getByRole('link', { name: '公众地图' }).evaluate((a) => a.href), prefix);
    });
    await snapshot(page, 'desktop-subpath-console');
    await step(page, 'axe-subpath', async () => {
      assert.deepEqual(await axeViolations(page, '.ysc'), []);
    });
    // (Only the browser's own probe for a site icon, which every page gets at the host's root.)
    assert.deepEqual(outside.filter((u) => u !== '/favicon.ico'), [], 'nothing asked for outside the sub-path');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});
