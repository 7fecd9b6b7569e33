// Inline embedding (embed.js) in the demonstration portal page (public/demo/portal.html): a
// county portal's column with aggressive global CSS, two maps and the auto-height iframe. The
// portal is unchanged by the maps, the maps are unchanged by the portal, the two maps work
// independently, and each lays itself out by its element's size.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, step, axeViolations, BASE, DESKTOP, PHONE, ARTIFACTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DEMO = new URL('demo/portal.html', BASE).href;
const COUNTY = '[data-ysmap][data-region="shili"]';
const SIDE = '[data-ysmap][data-region="nanshan"]';

/** What the portal's page is, as its own script would see it. */
async function portalState(page) {
  return page.evaluate(() => {
    const style = (selector) => {
      const s = getComputedStyle(document.querySelector(selector));
      return [s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.letterSpacing, s.borderTopWidth].join(' | ');
    };
    return {
      title: document.title,
      lang: document.documentElement.lang,
      url: location.href,
      cookie: document.cookie,
      history: history.length,
      globals: Object.keys(window).sort(),
      styles: ['body', '.portal-title', '.portal-text', '.portal-button', '.portal-column-title', 'html'].map(style),
    };
  });
}

async function openDemo(viewport, { blockEmbed = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (blockEmbed) await page.route('**/embed.js', (route) => route.abort());
  await page.goto(DEMO);
  if (!blockEmbed) {
    // Playwright's CSS locators reach into open shadow roots.
    await page.locator(`${COUNTY} .ysmap-map[data-map-ready]`).waitFor();
    await page.locator(`${SIDE} .ysmap-map[data-map-ready]`).waitFor();
  }
  return page;
}

test('two maps inline in a portal with aggressive CSS: neither changes the other, each on its own', async () => {
  const bare = await openDemo(DESKTOP, { blockEmbed: true });
  const before = await portalState(bare);
  await bare.context().close();
  const page = await openDemo(DESKTOP);
  await step(page, 'portal-unchanged', async () => {
    const now = await portalState(page);
    assert.deepEqual(now, before, 'the portal\'s title, lang, address, history, cookies, globals and styles are its own');
  });
  await step(page, 'app-unchanged-by-the-portal', async () => {
    // The same elements as the stand-alone page draws them.
    const styleOf = (p, selector) => p.locator(selector).first().evaluate((e) => {
      const s = getComputedStyle(e);
      return [s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.letterSpacing, s.lineHeight, s.textAlign].join(' | ');
    });
    const alone = await (await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })).newPage();
    await alone.goto(new URL('?ysmap=region%3Dshili', BASE).href);
    await alone.locator('.ysmap-map[data-map-ready]').waitFor();
    for (const selector of ['.ysmap-brand h1', '.ysmap-nav button', '.ysmap-panel h2', '.ysmap-park-card .name', '.ysmap-footer']) {
      assert.equal(await styleOf(page, `${COUNTY} ${selector}`), await styleOf(alone, selector), selector);
    }
    await alone.context().close();
  });
  await step(page, 'each-by-its-element', async () => {
    // The wide column lays the map beside the list; the narrow side column is a phone's.
    const bar = (host) => page.locator(`${host} .ysmap-sheet-bar`).evaluate((e) => getComputedStyle(e).display);
    assert.equal(await bar(COUNTY), 'none', 'the column is wide: no sheet');
    assert.notEqual(await bar(SIDE), 'none', 'the side column is narrow: the sheet');
    const box = await page.locator(SIDE).boundingBox();
    const app = await page.locator(`${SIDE} .ysmap`).boundingBox();
    assert.ok(Math.abs(app.height - box.height) < 2, `the map is its element's height: ${app.height} in ${box.height}`);
  });
  await step(page, 'independent', async () => {
    assert.equal(await page.locator(`${COUNTY} .ysmap-park-card`).count(), 4);
    assert.equal(await page.locator(`${SIDE} .ysmap-park-card`).count(), 1);
    const url = page.url();
    await page.locator(`${SIDE} .ysmap-park-card`).click();
    await page.locator(`${SIDE} .ysmap-park-detail`).waitFor();
    assert.equal(await page.locator(`${COUNTY} .ysmap-park-detail`).count(), 0, 'the other map still lists its parks');
    assert.equal(await page.locator(`${COUNTY} .ysmap-park-card`).count(), 4);
    // Ids repeat across the two maps, never within one: each lives in its own tree.
    await page.locator(`${COUNTY} .ysmap-nav button`, { hasText: '申请帮办代办' }).click();
    await page.locator(`${COUNTY} #ysmap-f-company`).waitFor();
    assert.equal(page.url(), url, 'the portal\'s address is untouched');
  });
  await step(page, 'iframe-auto-height', async () => {
    const frame = await page.locator('.portal-frame').boundingBox();
    assert.ok(frame.height > 600, `the frame grew to its map: ${frame.height}`);
  });
  await page.screenshot({ path: `${ARTIFACTS}/desktop-portal-demo.png`, fullPage: true });
  assert.deepEqual(page.errors, []);
  // Last: axe's own checks inside a shadow root set inline styles, which the page's
  // Content-Security-Policy reports (the app sets none).
  await step(page, 'axe', async () => {
    assert.deepEqual(await axeViolations(page, COUNTY), []);
  });
  await page.context().close();
});

test('on a phone the inline maps take the column\'s width and the page scrolls past them', async () => {
  const page = await openDemo(PHONE);
  await step(page, 'phone-inline', async () => {
    const bar = await page.locator(`${COUNTY} .ysmap-sheet-bar`).evaluate((e) => getComputedStyle(e).display);
    assert.notEqual(bar, 'none', 'the phone layout');
    const map = await page.locator(`${COUNTY} .ysmap-map`).getAttribute('class');
    assert.match(map, /cooperative/, 'one finger scrolls the portal');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `nothing wider than the phone: ${width}`);
  });
  await page.screenshot({ path: `${ARTIFACTS}/phone-portal-demo.png`, fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
