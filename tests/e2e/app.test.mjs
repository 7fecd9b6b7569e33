// The walking skeleton end to end: the release build served by the real server, in headless
// Chromium: parks on the map and in the list, a park opened both ways, the assistance form
// refusing a bad phone at the field and then sending, the tracking code, the status lookup,
// and the row in the database.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, query, settled, BASE, COUNTY, ARTIFACTS, PHONE, DESKTOP } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('parks appear on the map and in the list, marked as sample data', async () => {
  const page = await open(browser);
  await step(page, 'parks-listed', async () => {
    // The sample city: its three counties' six parks.
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    assert.equal(await page.locator('.ysmap-map path.area').count(), 6);
    assert.match(await page.locator('.ysmap-badge-sample').innerText(), /示例数据/);
    assert.match(await page.locator('.ysmap-sample-notice').innerText(), /示例数据/);
    assert.match(await page.locator('h1').innerText(), /示例市\s*营商地图/);
  });
  await snapshot(page, 'desktop-parks');
  await step(page, 'axe-parks', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  assert.deepEqual(page.errors, []);
});

test('the parks show before the wasm arrives, and the app takes over from them', async () => {
  // A phone whose wasm has not arrived yet: the page itself carries the first screen.
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const waiting = await context.newPage();
  let stillBox;
  await waiting.route('**/*.wasm', (route) => route.abort());
  await waiting.goto(BASE);
  await step(waiting, 'first-screen', async () => {
    const first = waiting.locator('.ysmap-first-screen');
    assert.equal(await first.locator('.ysmap-park-card').count(), 6);
    assert.match(await first.locator('h2').innerText(), /Industrial parks/);
    assert.match(await first.locator('.ysmap-badge-sample').innerText(), /Sample data/);
    assert.equal(await first.getAttribute('inert'), '', 'nothing in it takes a click or focus');
    // The map's picture too: the city, its counties' borders, roads and rivers, and the parks.
    assert.equal(await first.locator('svg.ysmap-first-map path.area').count(), 6);
    assert.equal(await first.locator('svg.ysmap-first-map path.county_border').count(), 3);
    const still = await first.locator('svg.ysmap-first-map path.region').boundingBox();
    stillBox = still;
    assert.ok(still.width > 200 && still.height > 150, `the county fills the frame: ${still.width}×${still.height}`);
  });
  await waiting.screenshot({ path: `${ARTIFACTS}/phone-first-screen.png` });
  await context.close();
  // With the wasm: the app's own screen, the first one gone, the same cards in the same place,
  // and the live county where the still one was.
  const page = await open(browser, { viewport: PHONE, locale: 'en-GB' });
  await step(page, 'taken-over', async () => {
    const live = await page.locator('.ysmap-map path.region').boundingBox();
    assert.ok(Math.abs(live.width - stillBox.width) < 3 && Math.abs(live.y - stillBox.y) < 3,
      `the live county (${JSON.stringify(live)}) where the still one was (${JSON.stringify(stillBox)})`);
    assert.equal(await page.locator('.ysmap-first-screen').count(), 0);
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    assert.match(await page.locator('.ysmap-panel h2').innerText(), /Industrial parks/);
  });
  assert.deepEqual(page.errors, []);
});

test('a catalog that cannot be loaded says so, and 重试 loads it; one from another version asks for a reload', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  // Neither the API's catalog nor the static file beside the app.
  await page.route('**/catalog.postcard*', (route) => route.abort());
  await page.goto(BASE);
  const alert = page.locator('.ysmap-load-failed[role="alert"]');
  await step(page, 'catalog-failed', async () => {
    await alert.waitFor();
    assert.match(await alert.innerText(), /园区信息加载失败,请检查网络后重试/);
    assert.equal(await page.locator('.ysmap-first-screen').count(), 0, 'the first screen gives way');
    assert.deepEqual(await axeViolations(page), []);
  });
  await page.screenshot({ path: `${ARTIFACTS}/phone-catalog-failed.png` });
  await step(page, 'catalog-retried', async () => {
    await page.unroute('**/catalog.postcard*');
    await alert.getByRole('button', { name: '重试' }).click();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    assert.equal(await alert.count(), 0);
  });
  // A catalog encoded by a newer build than this page's: the page is out of date.
  await page.route('**/catalog.postcard*', (route) => route.fulfill({
    status: 200, contentType: 'application/octet-stream', body: 'ysmap-catalog-from-another-build\n',
  }));
  await page.reload();
  await step(page, 'catalog-outdated', async () => {
    await alert.waitFor();
    assert.match(await alert.innerText(), /本页面已有新版本,请刷新后继续浏览/);
    assert.equal(await alert.getByRole('button', { name: '刷新页面' }).count(), 1);
  });
  await context.close();
});

test('the first screen fetches no chunk; a part fetches its own when opened (from a server that does not know wasm too), says so when the network fails, and fetches again', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  const chunks = [];
  page.on('request', (r) => { if (r.url().includes('/ysmap-lazy_')) chunks.push(r.url().split('/').pop()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE);
  await settled(page);
  await step(page, 'first-screen-alone', async () => {
    assert.equal(await page.locator('.ysmap-park-card').count(), 6);
    assert.deepEqual(chunks, [], 'the first screen needs no chunk');
  });
  await step(page, 'network-fails', async () => {
    await page.route('**/ysmap-lazy_*', (route) => route.abort());
    await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
    const alert = page.locator('.ysmap-panel [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /这部分页面加载失败,请检查网络后重试;如网站已更新,请刷新页面/);
    assert.deepEqual(await alert.getByRole('button').allInnerTexts(), ['重试', '刷新页面']);
    assert.deepEqual(await axeViolations(page), []);
  });
  await page.screenshot({ path: `${ARTIFACTS}/phone-part-failed.png` });
  await step(page, 'fetched-again', async () => {
    await page.unroute('**/ysmap-lazy_*');
    // From a web server that does not know wasm's type, as a county's own may be.
    await page.route('**/ysmap-lazy_*', async (route) => {
      const served = await route.fetch();
      await route.fulfill({ status: served.status(), contentType: 'application/octet-stream', body: await served.body() });
    });
    const before = chunks.length;
    await page.locator('.ysmap-panel [role=alert] button', { hasText: '重试' }).click();
    await page.getByRole('heading', { name: '可用载体' }).waitFor();
    assert.ok(chunks.length > before, 'the retry fetched the chunks');
    assert.ok(chunks.some((c) => c.startsWith('ysmap-lazy_split_browse-')), chunks.join());
  });
  await step(page, 'another-group-later', async () => {
    const before = chunks.length;
    // The policies are in the same group: nothing more to fetch.
    await page.locator('.ysmap-nav button', { hasText: '政策' }).click();
    await page.getByRole('heading', { name: '惠企政策' }).waitFor();
    assert.equal(chunks.length, before, chunks.join());
    // The form is in the other.
    await page.locator('.ysmap-nav button', { hasText: '申请帮办代办' }).click();
    await page.getByRole('heading', { name: '申请帮办代办' }).waitFor();
    assert.ok(chunks.some((c) => c.startsWith('ysmap-lazy_split_request-')), chunks.join());
    // The heading of a part that arrived later takes the focus, as any panel's does.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2');
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a park opens from the map and from the list by keyboard', async () => {
  const page = await open(browser, { url: COUNTY });
  await step(page, 'open-from-map', async () => {
    // Off centre, where no cluster of its facilities sits on top of it.
    const park = page.locator('.ysmap-map path.area[data-id="park-agri"]');
    const box = await park.boundingBox();
    await park.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    await page.locator('.ysmap-park-detail[data-park="park-agri"]').waitFor();
    assert.match(await page.locator('.ysmap-panel h2').innerText(), /农产品加工贸易园/);
    assert.match(await page.locator('.ysmap-map path.area[data-id="park-agri"]').getAttribute('class'), /selected/);
  });
  await step(page, 'map-fits-the-park', async () => {
    // The map flies to the park; on a loaded machine the flight may still be under way, and
    // half-way the park can be large but not yet in place: measure once the map is at rest.
    await settled(page);
    const map = await page.locator('.ysmap-map').boundingBox();
    const park = await page.locator('.ysmap-map path.area[data-id="park-agri"]').boundingBox();
    assert.ok(park.x >= map.x && park.y >= map.y && park.x + park.width <= map.x + map.width + 1
      && park.y + park.height <= map.y + map.height + 1, `park ${JSON.stringify(park)} outside map ${JSON.stringify(map)}`);
    assert.ok(park.width > map.width / 3 || park.height > map.height / 3, 'the park fills the view');
  });
  await step(page, 'detail-content', async () => {
    const detail = page.locator('.ysmap-park-detail');
    for (const heading of ['产业经济', '主导产业', '可用载体', '适用政策', '配套设施', '交通区位', '联系园区']) {
      assert.ok(await detail.getByRole('heading', { name: heading }).isVisible(), heading);
    }
    assert.ok(await detail.locator('.ysmap-facility').count() >= 5);
    assert.ok(await detail.locator('.ysmap-policy').count() >= 5);
    assert.match(await detail.innerText(), /最后核实/);
  });
  await snapshot(page, 'desktop-park-detail');
  await step(page, 'axe-detail', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  await step(page, 'open-from-list-by-keyboard', async () => {
    await page.locator('.ysmap-back').click();
    // The list's heading takes focus in the next frame (the content changed); focus the card
    // after that, as a keyboard user would, or the heading would take it back.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    const card = page.locator('.ysmap-park-card[data-park="park-ecommerce"]');
    await card.focus();
    await page.keyboard.press('Enter');
    await page.locator('.ysmap-park-detail[data-park="park-ecommerce"]').waitFor();
    // Focus moved to the new panel's heading, where the content changed.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2');
    assert.match(await page.locator('.ysmap-map path.area[data-id="park-ecommerce"]').getAttribute('class'), /selected/);
  });
  assert.deepEqual(page.errors, []);
});

test('the map pans by drag and zooms by keyboard', async () => {
  const page = await open(browser);
  const map = page.locator('.ysmap-map');
  const box = await map.boundingBox();
  const parkBox = () => page.locator('path.area[data-id="park-industrial"]').boundingBox();
  await step(page, 'drag-pans', async () => {
    const before = await parkBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 6 });
    // Hold still before letting go, so no inertia follows.
    await page.waitForTimeout(120);
    await page.mouse.up();
    const after = await parkBox();
    assert.ok(Math.abs(after.x - before.x - 60) < 1.5, `moved ${after.x - before.x} px, expected 60`);
    assert.ok(Math.abs(after.y - before.y - 40) < 1.5, `moved ${after.y - before.y} px, expected 40`);
  });
  await step(page, 'keyboard-zooms', async () => {
    // The distance between two parks' centres doubles with one zoom level (box centres, so
    // that stroke widths, which do not scale, do not count).
    const centre = async (id) => {
      const b = await page.locator(`path.area[data-id="${id}"]`).boundingBox();
      return [b.x + b.width / 2, b.y + b.height / 2];
    };
    const gap = async () => {
      const [a, b] = [await centre('park-industrial'), await centre('park-agri')];
      return Math.hypot(a[0] - b[0], a[1] - b[1]);
    };
    const before = await gap();
    await map.focus();
    await page.keyboard.press('+');
    await settled(page);
    const after = await gap();
    assert.ok(Math.abs(after / before - 2) < 0.01, `zoomed ×${after / before}`);
  });
});

test('the assistance form refuses a bad phone at the field, then sends and can be tracked', async () => {
  const page = await open(browser);
  await step(page, 'open-form-from-park', async () => {
    await page.locator('.ysmap-park-card[data-park="park-industrial"]').click();
    await page.getByRole('button', { name: '向该园区申请帮办代办' }).click();
    await page.getByRole('heading', { name: '申请帮办代办' }).waitFor();
    assert.ok(await page.locator('input[name="park_ids"][value="park-industrial"]').isChecked());
  });
  const stored = () => query('SELECT COUNT(*) FROM assistance_requests')[0][0];
  const before = stored();
  await step(page, 'fill-with-bad-phone', async () => {
    await page.getByLabel('企业名称').fill('示例精密机械有限公司');
    await page.getByLabel('联系人').fill('陈经理');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByLabel('所属行业').selectOption('ind-general-equipment');
    await page.getByLabel('计划投资额(万元)').fill('8000');
    await page.getByLabel('面积(平方米)').fill('5,000');
    await page.getByLabel('项目选址').check();
    await page.getByLabel('建筑许可').check();
    await page.getByLabel('我已阅读并同意隐私声明').check();
    await page.getByRole('button', { name: '提交申请' }).click();
    const error = page.locator('#ysmap-f-phone-error');
    await error.waitFor();
    assert.match(await error.innerText(), /有效的电话号码/);
    assert.equal(await page.getByLabel('联系电话').getAttribute('aria-invalid'), 'true');
    assert.equal(stored(), before, 'nothing was sent');
  });
  await snapshot(page, 'desktop-form-error');
  await step(page, 'axe-form', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  let code;
  await step(page, 'send', async () => {
    await page.getByLabel('联系电话').fill('139 1234 5678');
    await page.getByRole('button', { name: '提交申请' }).click();
    const shown = page.locator('[data-tracking-code]');
    await shown.waitFor();
    code = await shown.getAttribute('data-tracking-code');
    assert.match(code, /^YS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    // Focus moved to the receipt, which says what happens next and by when.
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('ysmap-success')));
    assert.match(await page.locator('.ysmap-next').innerText(), /个工作日内\(最迟 \d{4}年\d{1,2}月\d{1,2}日\)/);
  });
  await snapshot(page, 'desktop-form-sent');
  await step(page, 'row-in-database', async () => {
    const rows = query('SELECT tracking_code, company, phone, status, json_extract(payload, "$.space.area_m2") FROM assistance_requests WHERE tracking_code = ?', code);
    assert.deepEqual(rows, [[code, '示例精密机械有限公司', '13912345678', 'submitted', 5000]]);
    assert.equal(stored(), before + 1, 'exactly one record');
  });
  await step(page, 'track', async () => {
    await page.getByRole('button', { name: '查询办理进度' }).click();
    assert.equal(await page.getByLabel('受理编号').inputValue(), code);
    await page.getByLabel('所留电话号码的后四位').fill('5678');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const result = page.locator('.ysmap-track-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-status'), 'submitted');
    assert.match(await result.locator('.status').innerText(), /已提交/);
  });
  await step(page, 'the-code-survives-a-reload', async () => {
    await page.reload();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    const kept = page.locator('.ysmap-saved-receipt');
    assert.match(await kept.innerText(), new RegExp(code));
    await page.getByRole('button', { name: '查询办理进度' }).click();
    assert.equal(await page.getByLabel('受理编号').inputValue(), code, 'the tracker has it too');
    await page.getByLabel('所留电话号码的后四位').fill('5678');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.ysmap-track-result').waitFor();
  });
  await step(page, 'track-wrong-digits', async () => {
    await page.getByLabel('所留电话号码的后四位').fill('0000');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.ysmap-alert').waitFor();
    assert.match(await page.locator('.ysmap-alert').innerText(), /未找到该申请/);
  });
  await step(page, 'dismissing-the-kept-code', async () => {
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    await page.getByRole('button', { name: '不再在本设备上保存此编号' }).click();
    await page.reload();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    await page.getByRole('heading', { name: '申请帮办代办' }).waitFor();
    assert.equal(await page.locator('.ysmap-saved-receipt').count(), 0);
  });
  assert.deepEqual(page.errors.filter((e) => !/404/.test(e)), []);
});

test('a draft survives a reload', async () => {
  const page = await open(browser);
  await step(page, 'draft', async () => {
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    await page.getByLabel('企业名称').fill('草稿公司');
    await page.reload();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    assert.equal(await page.getByLabel('企业名称').inputValue(), '草稿公司');
    assert.match(await page.locator('.ysmap-panel').innerText(), /已恢复您上次未提交的内容/);
  });
});

test('English is complete and server errors come in English', async () => {
  const page = await open(browser, { locale: 'en-US' });
  await step(page, 'english', async () => {
    assert.match(await page.locator('h1').innerText(), /Sample City\s*Investment Navigation Map/);
    assert.match(await page.locator('.ysmap-badge-sample').innerText(), /Sample data/);
    await page.getByRole('button', { name: 'Request assistance' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.locator('.ysmap-error-summary').waitFor();
    assert.match(await page.locator('.ysmap-error-summary').innerText(), /Please enter the company name/);
    // Everything but the language switch's own "中文" is English.
    for (const part of ['h1', '.ysmap-nav', '.ysmap-sample-notice', '.ysmap-panel', '.ysmap-map', '.ysmap-footer']) {
      assert.doesNotMatch(await page.locator(part).innerText(), /[\u3400-\u9fff]/u, `Chinese left in ${part}`);
    }
  });
  await snapshot(page, 'desktop-english-form');
  await step(page, 'switch-to-chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    assert.match(await page.locator('h1').innerText(), /营商地图/);
  });
});

test('on a phone the map and the list are both usable', async () => {
  const page = await open(browser, { viewport: PHONE });
  await step(page, 'phone-layout', async () => {
    const map = await page.locator('.ysmap-map').boundingBox();
    const list = await page.locator('.ysmap-park-list').boundingBox();
    assert.ok(map.width <= PHONE.width && map.height >= 280, JSON.stringify(map));
    assert.ok(list.y >= map.y + map.height - 1, 'the list is below the map');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no sideways scrolling');
  });
  await snapshot(page, 'phone-parks');
  await step(page, 'phone-detail', async () => {
    await page.locator('.ysmap-park-card[data-park="park-logistics"]').click();
    await page.locator('.ysmap-park-detail').waitFor();
  });
  await snapshot(page, 'phone-park-detail');
  await step(page, 'phone-form', async () => {
    await page.getByRole('button', { name: '申请帮办代办' }).first().click();
    await page.getByRole('heading', { name: '申请帮办代办' }).waitFor();
  });
  await snapshot(page, 'phone-form');
  await step(page, 'axe-phone', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
});
