// What a careful investor and an elderly user need: the map's counts agree with the list's,
// let and sold units are shown only on request, on a phone the panel is a sheet over the map
// (dragged, flicked, tapped or raised and lowered with buttons) and one finger moves the map,
// inside a portal's frame one finger scrolls the portal past the map while two move the map,
// the legend is there on a phone, text grows with the browser's
// own font size, and every link of the form's error summary takes focus to its field.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, settled, BASE, COUNTY, PHONE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Per park: how many facilities its card says the map shows, and what the map's clusters
 *  and markers inside the park's outline add up to. */
async function countsByPark(page) {
  return page.evaluate(() => {
    const map = document.querySelector('.ysmap-map').getBoundingClientRect();
    const out = {};
    for (const card of document.querySelectorAll('.ysmap-park-card')) {
      const id = card.dataset.park;
      const area = document.querySelector(`.ysmap-map path.area[data-id="${id}"]`).getBoundingClientRect();
      let onMap = 0;
      for (const item of document.querySelectorAll('.ysmap-map .cluster, .ysmap-map .marker')) {
        const r = item.getBoundingClientRect();
        const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
        const inside = x >= area.left && x <= area.right && y >= area.top && y <= area.bottom
          && x >= map.left && x <= map.right && y >= map.top && y <= map.bottom;
        if (inside) onMap += item.classList.contains('cluster') ? Number(item.dataset.count) : 1;
      }
      out[id] = { list: Number(card.dataset.shown), onMap };
    }
    return out;
  });
}

test('every park: what its card counts is what the map shows, let and sold only on request', async () => {
  const page = await open(browser, { url: COUNTY });
  await step(page, 'counts-agree', async () => {
    await settled(page);
    const counts = await countsByPark(page);
    for (const [park, { list, onMap }] of Object.entries(counts)) {
      assert.equal(onMap, list, `${park}: the map shows ${onMap}, the card counts ${list}`);
    }
    // The industrial park: 10 on offer and 1 being built; 2 let or sold are not drawn.
    const card = page.locator('.ysmap-park-card[data-park="park-industrial"] .count');
    assert.equal(await card.innerText(), '10 处可用载体 · 1 处在建 · 另有 2 处已租/已售');
    assert.equal(counts['park-industrial'].list, 11);
  });
  await step(page, 'taken-on-request', async () => {
    // What the map's clusters and markers add up to, once it is `n` (the drawing follows a frame later).
    const becomes = (n) => page.waitForFunction((n) => [...document.querySelectorAll('.ysmap-map .cluster, .ysmap-map .marker')]
      .reduce((sum, e) => sum + (e.classList.contains('cluster') ? Number(e.dataset.count) : 1), 0) === n, n, { timeout: 3000 });
    await becomes(30);
    await page.getByLabel('显示已租/已售载体(5 处)').check();
    await becomes(35);
    await page.getByLabel('显示已租/已售载体(5 处)').uncheck();
    await becomes(30);
  });
  await step(page, 'under-construction-labelled', async () => {
    await page.locator('.ysmap-park-card[data-park="park-industrial"]').click();
    const building = page.locator('[data-facility="fac-industrial-factory-4"]');
    assert.match(await building.locator('.availability').innerText(), /在建/);
    // Let and sold are folded away below what can be had.
    assert.equal(await page.locator('.ysmap-taken [data-facility]').count(), 2);
    assert.equal(await page.locator('.ysmap-taken').getAttribute('open'), null);
  });
  await step(page, 'per-storey-and-policies', async () => {
    const factory = page.locator('[data-facility="fac-industrial-factory-1"]');
    const rows = factory.locator('table.ysmap-storeys tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /8 米/);
    assert.doesNotMatch(await rows.nth(1).innerText(), /\b8 米/, 'the upper floor is not the ground floor');
    const policies = await page.locator('.ysmap-policy').evaluateAll((els) => els.map((e) => e.dataset.policy));
    assert.ok(!policies.includes('pol-prov-agri-leader'), 'no agricultural subsidy in the industrial park');
    assert.ok(!policies.includes('pol-county-hightech-award'), 'no expired policy');
    const modes = await page.locator('.ysmap-policy .mode').evaluateAll((els) => [...new Set(els.map((e) => e.className))]);
    assert.ok(modes.length >= 3, `the three modes look different: ${modes}`);
    const tel = page.locator('.ysmap-policy a[href^="tel:"]').first();
    assert.equal(await tel.getAttribute('href'), 'tel:02933121366');
    assert.equal(await page.locator('.ysmap-footer a[href^="tel:"]').getAttribute('href'), 'tel:02933120000');
  });
  await snapshot(page, 'desktop-care-park');
  await step(page, 'axe', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  assert.deepEqual(page.errors, []);
});

/** Where the first park's outline is in its map (px from the map's corner). */
const parkAt = (frame) => frame.evaluate(() => {
  const a = document.querySelector('.ysmap-map path.area').getBoundingClientRect();
  const m = document.querySelector('.ysmap-map').getBoundingClientRect();
  return [a.x - m.x, a.y - m.y];
});

test('on a phone one finger moves the map, and the panel is a sheet raised and lowered by drag, flick, tap or its buttons', async () => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  try {
    await page.goto(COUNTY);
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await settled(page);
    const cdp = await context.newCDPSession(page);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    const sheet = () => page.locator('.ysmap-body').getAttribute('data-sheet');
    const sheetHeight = () => page.locator('.ysmap-sheet').evaluate((e) => e.getBoundingClientRect().height);
    const body = await page.locator('.ysmap-body').boundingBox();
    await step(page, 'the-page-never-scrolls', async () => {
      assert.equal(await sheet(), 'half', 'the sheet starts at half');
      const [scrollable, inner] = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      assert.ok(scrollable <= inner, `the page fits the screen (${scrollable} ≤ ${inner})`);
      const map = await page.locator('.ysmap-map').boundingBox();
      const top = (await page.locator('.ysmap-sheet').boundingBox()).y;
      assert.ok(Math.abs(map.y + map.height - top) < 2, `the map ends where the sheet begins (${map.y + map.height} / ${top})`);
      // The sheet scrolls its own content (the page does not).
      const [scrollHeight, clientHeight] = await page.locator('.ysmap-sheet-scroll').evaluate((e) => [e.scrollHeight, e.clientHeight]);
      assert.ok(clientHeight > 200 && scrollHeight > clientHeight, `the sheet scrolls (${scrollHeight} in ${clientHeight})`);
      // The footer (the service centre) is at the end of the sheet.
      assert.equal(await page.locator('.ysmap-sheet .ysmap-footer a[href^="tel:"]').count(), 1);
    });
    await snapshot(page, 'phone-sheet-half');
    await step(page, 'one-finger-moves-the-map', async () => {
      const box = await page.locator('.ysmap-map').boundingBox();
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 3];
      const before = await parkAt(page);
      await touch('touchStart', [{ x: cx, y: cy, id: 1 }]);
      for (let i = 1; i <= 8; i++) await touch('touchMove', [{ x: cx, y: cy + i * 10, id: 1 }]);
      await touch('touchEnd', []);
      await settled(page);
      const after = await parkAt(page);
      assert.ok(after[1] - before[1] > 40, `one finger moved the map down: ${before} → ${after}`);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'and the page stayed');
      assert.equal(await page.locator('.ysmap-map-wheel-hint.shown').count(), 0, 'no hint to use two fingers');
    });
    const bar = await page.locator('.ysmap-sheet-bar').boundingBox();
    const [bx, by] = [bar.x + 40, bar.y + bar.height / 2];
    await step(page, 'slow-drag-up-settles-at-the-nearest', async () => {
      // 300 px up, slowly (0.2 px/ms): nearer the whole height than half.
      await touch('touchStart', [{ x: bx, y: by, id: 1 }]);
      for (let i = 1; i <= 30; i++) {
        await touch('touchMove', [{ x: bx, y: by - i * 10, id: 1 }]);
        await page.waitForTimeout(50);
      }
      const held = await sheetHeight();
      assert.ok(held > body.height / 2 + 250, `the sheet follows the finger (${held} px)`);
      await touch('touchEnd', []);
      await page.waitForTimeout(300);
      assert.equal(await sheet(), 'full');
      assert.ok(Math.abs(await sheetHeight() - body.height) < 2, 'and fills the body');
    });
    await snapshot(page, 'phone-sheet-full');
    await step(page, 'a-flick-down-goes-on-to-the-next-height', async () => {
      const top = (await page.locator('.ysmap-sheet-bar').boundingBox()).y + 20;
      // 60 px down, fast: nearer the whole height, but a flick goes on to half.
      await touch('touchStart', [{ x: bx, y: top, id: 1 }]);
      for (let i = 1; i <= 3; i++) await touch('touchMove', [{ x: bx, y: top + i * 20, id: 1 }]);
      await touch('touchEnd', []);
      await page.waitForTimeout(300);
      assert.equal(await sheet(), 'half');
    });
    await step(page, 'a-tap-on-the-bar-raises-it', async () => {
      const grip = await page.locator('.ysmap-sheet-bar .grip').boundingBox();
      await page.touchscreen.tap(grip.x + grip.width / 2, grip.y + 10);
      await page.waitForTimeout(300);
      assert.equal(await sheet(), 'full');
    });
    await step(page, 'the-buttons-without-dragging', async () => {
      const lower = page.getByRole('group', { name: '面板高度' }).getByRole('button', { name: '收起' });
      const raise = page.getByRole('group', { name: '面板高度' }).getByRole('button', { name: '展开' });
      assert.equal(await raise.getAttribute('aria-disabled'), 'true', 'at the top, 展开 says it can go no further');
      await lower.click();
      assert.equal(await sheet(), 'half');
      await lower.click();
      assert.equal(await sheet(), 'peek');
      assert.equal(await lower.getAttribute('aria-disabled'), 'true');
      await page.waitForTimeout(300);
      // The strip still shows the panel's heading, and the map reaches down to it.
      assert.ok(await page.getByRole('heading', { name: '产业园区' }).isVisible());
      const map = await page.locator('.ysmap-map').boundingBox();
      assert.ok(map.height > body.height * 0.7, `the map fills the screen over the strip (${map.height} of ${body.height})`);
      // The keyboard: the focused button pressed with Enter, and it keeps the focus.
      await raise.focus();
      await page.keyboard.press('Enter');
      assert.equal(await sheet(), 'half');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      assert.equal(await sheet(), 'full');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), '▴ 展开');
    });
    await step(page, 'a-park-chosen-on-the-map-raises-the-strip', async () => {
      await page.getByRole('button', { name: '收起' }).click();
      await page.getByRole('button', { name: '收起' }).click();
      assert.equal(await sheet(), 'peek');
      await page.waitForTimeout(300);
      await settled(page);
      const area = await page.locator('.ysmap-map path.area').first().boundingBox();
      await page.touchscreen.tap(area.x + area.width / 2, area.y + area.height / 2);
      await page.locator('.ysmap-park-detail').waitFor();
      assert.equal(await sheet(), 'half', 'the park\'s details are seen');
    });
    await snapshot(page, 'phone-sheet-park');
    await step(page, 'phone-legend', async () => {
      const legend = page.locator('.ysmap-map-legend');
      assert.ok(await legend.isVisible(), 'the legend is on the phone too');
      await legend.locator('summary').click();
      for (const word of ['园区', '标准化厂房', '在建', '已租/已售', '交通枢纽']) {
        assert.ok(await legend.getByText(word).first().isVisible(), word);
      }
    });
    await snapshot(page, 'phone-legend');
    await step(page, 'axe-sheet', async () => {
      assert.deepEqual(await axeViolations(page), []);
    });
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('inside another page\'s frame on a phone, one finger scrolls that page past the map and two move the map', async () => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    // A portal's column (same origin: the server lets only its own pages frame the app).
    const host = new URL('portal-column-test.html', BASE).href;
    await page.route(host, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">
        <body style="margin:0"><h1 style="margin:0;height:160px">县政府门户 · 招商引资</h1>
        <iframe src="${BASE}" title="营商地图" style="display:block;width:100%;height:640px;border:0"></iframe>
        <div style="height:1600px"></div></body>`,
    }));
    await page.goto(host);
    const frame = await (await page.locator('iframe').elementHandle()).contentFrame();
    await frame.locator('.ysmap-map[data-map-ready]').waitFor();
    await settled(frame);
    const cdp = await context.newCDPSession(page);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    const box = await frame.locator('.ysmap-map').boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height * 0.7];
    await step(page, 'one-finger', async () => {
      const before = await parkAt(frame);
      await touch('touchStart', [{ x: cx, y: cy, id: 1 }]);
      for (let i = 1; i <= 10; i++) {
        await touch('touchMove', [{ x: cx, y: cy - i * 25, id: 1 }]);
      }
      await touch('touchEnd', []);
      await page.waitForTimeout(400);
      const scrolled = await page.evaluate(() => window.scrollY);
      assert.ok(scrolled > 100, `the portal's page scrolled (${scrolled} px)`);
      const after = await parkAt(frame);
      assert.ok(Math.hypot(after[0] - before[0], after[1] - before[1]) < 1, `the map stayed: ${before} → ${after}`);
      assert.equal(await frame.locator('.ysmap-map-wheel-hint.shown').count(), 1, 'the hint says to use two fingers');
      assert.match(await frame.locator('.ysmap-map-wheel-hint').innerText(), /双指/);
    });
    await step(page, 'two-fingers', async () => {
      // Back to the top once the one-finger fling has run out (it can scroll on after 100 ms).
      await page.evaluate(async () => {
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        for (let tries = 0; tries < 20; tries++) {
          window.scrollTo(0, 0);
          for (let i = 0; i < 10; i++) await frame();
          if (window.scrollY === 0) return;
        }
      });
      const before = await parkAt(frame);
      const y0 = box.y + box.height / 2;
      await touch('touchStart', [{ x: cx - 40, y: y0, id: 1 }, { x: cx + 40, y: y0, id: 2 }]);
      for (let i = 1; i <= 8; i++) {
        await touch('touchMove', [{ x: cx - 40, y: y0 + i * 10, id: 1 }, { x: cx + 40, y: y0 + i * 10, id: 2 }]);
      }
      await touch('touchEnd', []);
      await settled(frame);
      const after = await parkAt(frame);
      assert.ok(after[1] - before[1] > 40, `two fingers moved the map down: ${before} → ${after}`);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'and the page stayed');
    });
  } finally {
    await context.close();
  }
});

test('text grows with the browser\'s own font size and is never under 14 px', async () => {
  const page = await open(browser);
  const size = (sel) => page.locator(sel).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  await step(page, 'at-16', async () => {
    const small = await page.evaluate(() => {
      const out = [];
      for (const e of document.querySelectorAll('.ysmap *')) {
        if (e.closest('[aria-hidden="true"], svg') || !e.checkVisibility()) continue;
        const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (own && parseFloat(getComputedStyle(e).fontSize) < 14) out.push(`${e.className}: ${getComputedStyle(e).fontSize}`);
      }
      return out;
    });
    assert.deepEqual(small, []);
  });
  const base = await size('.ysmap-park-card .name');
  await step(page, 'at-24', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 20 } });
    await page.waitForTimeout(100);
    const grown = await size('.ysmap-park-card .name');
    assert.ok(Math.abs(grown / base - 1.5) < 0.01, `${base} px → ${grown} px`);
    const note = await size('.ysmap-park-card .meta');
    assert.ok(note >= 21, `small print grows too: ${note} px`);
    const label = await size('.ysmap-map text.area-label');
    assert.ok(Math.abs(label - 19.5) < 0.01, `the map's park names too: ${label} px`);
  });
  await snapshot(page, 'desktop-font-24');
});

test('every link of the error summary takes focus to its field, in the form\'s order', async () => {
  const page = await open(browser);
  await step(page, 'industry-by-pinyin', async () => {
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    // A maker of special-purpose equipment: not among the county's industries, found by initials.
    await page.getByLabel('查找行业').fill('zysb');
    const options = await page.locator('#ysmap-f-industry_id optgroup').nth(1).locator('option').allInnerTexts();
    assert.equal(options[0], 'C35 专用设备制造业');
    assert.match(await page.locator('#ysmap-f-industry_search-count').innerText(), /找到 \d+ 个/);
    await page.getByLabel('所属行业').selectOption('C35');
    await page.getByLabel('查找行业').fill('');
    assert.equal(await page.getByLabel('所属行业').inputValue(), 'C35');
  });
  await step(page, 'summary', async () => {
    await page.getByLabel('所属行业').selectOption('other');
    await page.getByLabel('计划投资额(万元)').fill('一千二');
    await page.getByRole('button', { name: '提交申请' }).click();
    const links = page.locator('.ysmap-error-summary a');
    await links.first().waitFor();
    const texts = await links.allInnerTexts();
    assert.deepEqual(texts.map((t) => t.split(':')[0]), ['企业名称', '联系人', '联系电话', '行业说明', '计划投资额(万元)', '需要的服务', '我已阅读并同意隐私声明']);
    assert.match(texts[4], /^计划投资额\(万元\):请输入数字,例如 1200/);
    for (let i = 0; i < texts.length; i++) {
      await links.nth(i).click();
      const href = await links.nth(i).getAttribute('href');
      const focusedIn = await page.evaluate((id) => {
        const target = document.getElementById(id);
        return !!target && (document.activeElement === target || target.contains(document.activeElement));
      }, href.slice(1));
      assert.ok(focusedIn, `${texts[i]} → ${href}`);
    }
  });
  await snapshot(page, 'desktop-error-summary');
  await step(page, 'axe', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
});
