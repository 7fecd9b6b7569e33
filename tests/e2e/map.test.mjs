// The map engine in the browser: wheel zoom around the pointer, keyboard pan and zoom, Tab
// through the features, clusters, inertia, selection from the list, and raster tiles — failing
// (the vector base carries on, no error shows) and loading (attribution and review number).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, solidPng, settled, BASE, COUNTY } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const centreOf = async (locator) => {
  const b = await locator.boundingBox();
  return [b.x + b.width / 2, b.y + b.height / 2];
};
test('wheel zoom keeps the point under the pointer fixed', async () => {
  const page = await open(browser);
  const park = page.locator('path.area[data-id="park-industrial"]');
  await step(page, 'wheel', async () => {
    const [cx, cy] = await centreOf(park);
    // Mouse events carry whole pixels: the pointer is there, and the point under it stays put
    // while everything else doubles its distance from it.
    const [x, y] = [Math.round(cx), Math.round(cy)];
    await page.locator('.ysmap-map').focus();
    await page.mouse.move(x, y);
    const z0 = await settled(page);
    await page.mouse.wheel(0, -300);
    const z1 = await settled(page);
    assert.ok(Math.abs(z1 - z0 - 1) < 0.01, `zoom ${z0} → ${z1}`);
    const [x1, y1] = await centreOf(park);
    const [ex, ey] = [x + 2 * (cx - x), y + 2 * (cy - y)];
    assert.ok(Math.hypot(x1 - ex, y1 - ey) < 1, `moved ${x1 - ex}, ${y1 - ey} from where it should be`);
  });
});

test('an unfocused map lets the page scroll and says how to zoom', async () => {
  const page = await open(browser);
  await step(page, 'wheel-hint', async () => {
    const z0 = await settled(page);
    const map = page.locator('.ysmap-map');
    const [x, y] = await centreOf(map);
    await page.locator('h1').click();
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    assert.equal(await settled(page), z0);
    assert.match(await page.locator('.ysmap-map-wheel-hint').getAttribute('class'), /shown/);
  });
});

test('keyboard pans and zooms, and Tab walks the features on the map', async () => {
  const page = await open(browser);
  const park = page.locator('path.area[data-id="park-logistics"]');
  await step(page, 'arrows', async () => {
    await page.locator('.ysmap-map').focus();
    const [x0, y0] = await centreOf(park);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    const [x1, y1] = await centreOf(park);
    assert.ok(Math.abs(x1 - x0 - 80) < 1 && Math.abs(y1 - y0 - 80) < 1, `moved ${x1 - x0}, ${y1 - y0}`);
  });
  await step(page, 'plus-minus', async () => {
    const z0 = await settled(page);
    await page.keyboard.press('+');
    const z1 = await settled(page);
    await page.keyboard.press('-');
    const z2 = await settled(page);
    assert.ok(z1 > z0 && Math.abs(z2 - z0) < 0.51, `${z0} ${z1} ${z2}`);
  });
  await step(page, 'tab-and-enter', async () => {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.getAttribute('data-count'));
    assert.ok(first, 'Tab moved into the map\'s features');
    // Walk to a park and open it with Enter.
    for (let i = 0; i < 30; i++) {
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
      if (id?.startsWith('park-')) {
        await page.keyboard.press('Enter');
        await page.locator(`.ysmap-park-detail[data-park="${id}"]`).waitFor();
        return;
      }
      await page.keyboard.press('Tab');
    }
    assert.fail('no park reached by Tab');
  });
});

test('clusters count their facilities and open on click', async () => {
  const page = await open(browser, { url: COUNTY });
  await step(page, 'clusters', async () => {
    const clusters = page.locator('.ysmap-map .cluster');
    assert.ok(await clusters.count() > 0, 'the county view clusters its facilities');
    const counts = await clusters.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    const singles = await page.locator('.ysmap-map .marker').count();
    // What the park cards count (on offer and being built); let and sold ones are hidden.
    const shown = await page.locator('.ysmap-park-card').evaluateAll((els) => els.reduce((n, e) => n + Number(e.dataset.shown), 0));
    assert.equal(shown, 30, 'the sample shows 30 of its 35 facilities');
    assert.equal(counts.reduce((a, b) => a + b, 0) + singles, shown, 'every facility shown once');
    const z0 = await settled(page);
    const biggest = clusters.nth(counts.indexOf(Math.max(...counts)));
    await biggest.click();
    const z1 = await settled(page);
    assert.ok(z1 > z0, `zoomed in: ${z0} → ${z1}`);
  });
  await snapshot(page, 'desktop-cluster-opened');
  const dom = await page.locator('.ysmap-map *').count();
  assert.ok(dom < 1500, `${dom} map elements`);
});

test('a flung pan coasts on', async () => {
  const page = await open(browser);
  const park = page.locator('path.area[data-id="park-industrial"]');
  await step(page, 'inertia', async () => {
    const map = await page.locator('.ysmap-map').boundingBox();
    const [x0] = await centreOf(park);
    const [sx, sy] = [map.x + map.width / 2, map.y + map.height / 2];
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) {
      await page.mouse.move(sx + i * 20, sy);
      await page.waitForTimeout(8);
    }
    await page.mouse.up();
    await page.waitForTimeout(600);
    const [x1] = await centreOf(park);
    assert.ok(x1 - x0 > 110, `moved ${x1 - x0} px for a 100 px drag`);
  });
});

test('choosing a park in the list centres and highlights it on the map', async () => {
  const page = await open(browser);
  await step(page, 'list-select', async () => {
    await page.locator('.ysmap-park-card[data-park="park-logistics"]').click();
    await settled(page);
    await page.waitForTimeout(100);
    const area = page.locator('path.area[data-id="park-logistics"]');
    assert.match(await area.getAttribute('class'), /selected/);
    const [ax, ay] = await centreOf(area);
    const [mx, my] = await centreOf(page.locator('.ysmap-map'));
    assert.ok(Math.abs(ax - mx) < 30 && Math.abs(ay - my) < 30, `park at ${ax},${ay}, map centre ${mx},${my}`);
  });
  await step(page, 'facility-popup', async () => {
    await page.locator('.ysmap-facility').first().getByRole('button', { name: '在地图上显示' }).click();
    const popup = page.locator('.ysmap-map-popup-body');
    await popup.waitFor();
    const name = await page.locator('.ysmap-facility').first().locator('h4').innerText();
    assert.match(await popup.innerText(), new RegExp(name));
    // The popup follows its facility as the map pans.
    const before = await popup.boundingBox();
    await page.locator('.ysmap-map').focus();
    await page.keyboard.press('ArrowRight');
    const after = await popup.boundingBox();
    assert.ok(Math.abs(before.x - after.x - 80) < 1, `popup moved ${before.x - after.x}`);
    await snapshot(page, 'desktop-facility-popup');
    await popup.getByRole('button').click();
    assert.equal(await page.locator('.ysmap-map-popup').count(), 0);
  });
  await step(page, 'axe-map', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
});

/** Opens the app with tiles configured on the host element, as a deployer would. */
async function openWithTiles(tiles, routeTiles) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.route('**/', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const res = await route.fetch();
    const html = (await res.text()).replace('<div id="ysmap">', `<div id="ysmap" ${tiles}>`);
    await route.fulfill({ response: res, body: html });
  });
  await page.route('https://tile.openstreetmap.org/**', routeTiles);
  await page.goto(BASE);
  return page;
}

test('when tiles fail, the vector base still draws and nothing reaches the user', async () => {
  const page = await openWithTiles('data-tiles="osm" data-review-number="GS(2026)0000号(示例)"', (route) => route.abort('failed'));
  await step(page, 'tiles-fail', async () => {
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    assert.ok(await page.locator('.ysmap-map .region').count() === 1, 'the county outline is drawn');
    assert.equal(await page.locator('.ysmap-map-tiles img.loaded').count(), 0);
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    assert.match(await page.locator('.ysmap-map-attribution').innerText(), /县域矢量数据/);
    assert.deepEqual(page.errors, []);
  });
  await snapshot(page, 'desktop-tiles-failed');
});

test('tiles that load show with their attribution and review number', async () => {
  const png = solidPng(256, [221, 231, 238]);
  const page = await openWithTiles('data-tiles="osm" data-review-number="GS(2026)0000号(示例)"', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
  await step(page, 'tiles-load', async () => {
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    assert.ok(await page.locator('.ysmap-map-tiles img.loaded').count() > 0);
    const credit = await page.locator('.ysmap-map-attribution').innerText();
    assert.match(credit, /OpenStreetMap/);
    assert.match(credit, /审图号 GS\(2026\)0000号/);
  });
});

test('on a touch screen a double tap zooms in and a pinch zooms with the fingers', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(BASE);
  await page.locator('.ysmap-map[data-map-ready]').waitFor();
  const box = await page.locator('.ysmap-map').boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  let z1;
  await step(page, 'double-tap', async () => {
    const z0 = await settled(page);
    await page.touchscreen.tap(cx, cy);
    await page.waitForTimeout(80);
    await page.touchscreen.tap(cx, cy);
    z1 = await settled(page);
    assert.ok(Math.abs(z1 - z0 - 1) < 0.01, `double tap: ${z0} → ${z1}`);
  });
  await step(page, 'pinch', async () => {
    const cdp = await context.newCDPSession(page);
    const touch = (type, spread) => cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }],
    });
    await touch('touchStart', 40);
    for (const spread of [50, 60, 70, 80]) {
      await touch('touchMove', spread);
      await page.waitForTimeout(16);
    }
    await touch('touchEnd', 80);
    const z2 = await settled(page);
    // The fingers moved twice as far apart: one zoom level in.
    assert.ok(Math.abs(z2 - z1 - 1) < 0.05, `pinch: ${z1} → ${z2}`);
  });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the view cannot be dragged away from the county', async () => {
  const page = await open(browser, { url: COUNTY });
  await step(page, 'max-bounds', async () => {
    const map = await page.locator('.ysmap-map').boundingBox();
    const [sx, sy] = [map.x + map.width / 2, map.y + map.height / 2];
    for (let i = 0; i < 8; i++) {
      await page.mouse.move(sx, sy);
      await page.mouse.down();
      await page.mouse.move(sx + 400, sy + 300, { steps: 5 });
      await page.waitForTimeout(80);
      await page.mouse.up();
    }
    await settled(page);
    const county = await page.locator('.ysmap-map .region').boundingBox();
    const overlap = Math.min(county.x + county.width, map.x + map.width) - Math.max(county.x, map.x);
    assert.ok(overlap > map.width / 4, `the county is ${overlap} px into the view`);
  });
});

test('after a language switch the map names everything in the new language', async () => {
  const page = await open(browser, { url: COUNTY });
  const han = /[\u3400-\u9fff]/u;
  const names = (selector, attribute) => page.locator(selector).evaluateAll(
    (els, attr) => els.map((e) => (attr ? e.getAttribute(attr) : e.textContent)), attribute);
  await step(page, 'markers-in-chinese', async () => {
    // Into the biggest cluster, so that single markers show beside the clusters.
    const clusters = page.locator('.ysmap-map .cluster');
    const counts = await clusters.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    await clusters.nth(counts.indexOf(Math.max(...counts))).click();
    await settled(page);
    assert.ok(await page.locator('.ysmap-map .marker').count() > 0, 'single markers in view');
    assert.ok(await page.locator('.ysmap-map .cluster').count() > 0, 'clusters in view');
    for (const label of await names('.ysmap-map :is(.marker, .cluster)', 'aria-label')) {
      assert.match(label, han, label);
    }
  });
  await step(page, 'switch-to-english', async () => {
    await page.locator('.ysmap-lang button[lang="en"]').click();
    await page.waitForTimeout(100);
    await settled(page);
    const markers = await names('.ysmap-map .marker', 'aria-label');
    const titles = await names('.ysmap-map .marker title');
    const clusters = await names('.ysmap-map .cluster', 'aria-label');
    const parks = await names('.ysmap-map path.area', 'aria-label');
    const parkLabels = await names('.ysmap-map text.area-label');
    assert.ok(markers.length > 0 && clusters.length > 0 && parks.length === 4 && parkLabels.length > 0);
    for (const label of [...markers, ...titles, ...clusters, ...parks, ...parkLabels]) {
      assert.doesNotMatch(label, han, `still Chinese: ${label}`);
    }
    assert.deepEqual(titles, markers, 'tooltips say what the accessible names say');
    for (const label of clusters) assert.match(label, /^\d+ facilities; press Enter to zoom in$/);
    for (const label of parks) assert.match(label, /Park$/);
  });
  await snapshot(page, 'desktop-english-map');
  assert.deepEqual(page.errors, []);
});
