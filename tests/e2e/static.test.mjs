// Without the server: the built app served as plain files (as a county could host it on any
// web server) still browses the whole catalog from data/catalog.postcard (written beside
// data/catalog.json by the build), and the form tells the investor how to reach the county
// instead of failing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { launch, open, step, snapshot } from './browser.mjs';

let browser;
let files;
let url;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  files = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', process.env.YSMAP_DIST ?? 'dist'], { stdio: 'ignore' });
  url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(url).then((r) => r.ok).catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  files?.kill();
});

test('the app browses from the static catalog and the form points to the service centre', async () => {
  const page = await open(browser, { url });
  await step(page, 'static-browse', async () => {
    assert.equal(await page.locator('.ysmap-park-card').count(), 4);
    assert.match(await page.locator('.ysmap-offline-notice').innerText(), /离线目录/);
  });
  await step(page, 'static-form', async () => {
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    await page.getByLabel('企业名称').fill('示例公司');
    await page.getByLabel('联系人').fill('李女士');
    await page.getByLabel('联系电话').fill('13800001234');
    await page.getByLabel('所属行业').selectOption('ind-food');
    await page.getByLabel('政策咨询').check();
    await page.getByLabel('我已阅读并同意隐私声明').check();
    await page.getByRole('button', { name: '提交申请' }).click();
    const alert = page.locator('.ysmap-alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /029-3312 0000/);
    // What was typed is still there.
    assert.equal(await page.getByLabel('企业名称').inputValue(), '示例公司');
  });
  await snapshot(page, 'desktop-static-form');
});
