// One city, three counties (the sample city 示例市): the whole city or one county browsed,
// each county with its own parks, policies, map and service centre; a county's embed that
// fetches its county alone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, settled, sendSmallestRequest, BASE, DESKTOP, PHONE, ARTIFACTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const cards = (page) => page.locator('.ysmap-park-card .name').allInnerTexts();

test('the whole city or one county: its parks, map, policies and service centre, in the address', async () => {
  const page = await open(browser);
  const cityZoom = await settled(page);
  await step(page, 'the-city', async () => {
    assert.equal((await cards(page)).length, 6);
    assert.match(await page.locator('.ysmap-footer').innerText(), /示例市投资促进局/);
    assert.equal(await page.locator('.ysmap-map path.county_border').count(), 3, 'the counties\' borders');
    const options = await page.getByLabel('区县').locator('option').allInnerTexts();
    assert.deepEqual(options, ['全市(示例市)', '示例县', '东塬区', '南山县']);
  });
  await step(page, 'choose-a-county', async () => {
    await page.getByLabel('区县').selectOption('dongyuan');
    await page.locator('h1', { hasText: '东塬区' }).waitFor();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    assert.deepEqual(await cards(page), ['东塬经济技术开发区']);
    assert.match(await page.locator('.ysmap-footer').innerText(), /东塬区投资服务中心.*029-3360 1000/s);
    assert.match(page.url(), /ysmap=region%3Ddongyuan/);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SELECT', 'the focus stays on the choice');
    assert.equal(await page.getByLabel('区县').inputValue(), 'dongyuan');
    // The map fits the county: closer in than the city, its outline filling the view.
    const countyZoom = await settled(page);
    assert.ok(countyZoom > cityZoom, `zoom ${countyZoom} in the county, ${cityZoom} in the city`);
    const map = await page.locator('.ysmap-map').boundingBox();
    const county = await page.locator('.ysmap-map .region').boundingBox();
    assert.ok(county.height > map.height * 0.7 || county.width > map.width * 0.7, JSON.stringify(county));
    assert.equal(await page.locator('.ysmap-map path.county_border').count(), 0);
  });
  await snapshot(page, 'desktop-county');
  await step(page, 'axe-county', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  await step(page, 'the-county-s-policies', async () => {
    await page.locator('.ysmap-nav button', { hasText: '政策' }).click();
    await page.locator('.ysmap-policy').first().waitFor();
    const titles = (await page.locator('.ysmap-policy summary').allInnerTexts()).join('\n');
    assert.match(titles, /电子信息企业落户奖励/, 'its own');
    assert.match(titles, /重大招商项目落地奖励/, 'the city\'s');
    assert.doesNotMatch(titles, /稳岗扩岗补贴|农产品加工企业用电补贴/, 'none of another county\'s');
  });
  await step(page, 'back-to-the-city', async () => {
    // Back twice in quick succession (the panel, then the county): the county's shell goes
    // while what its last change asked of the next frame is still waiting (that once panicked).
    await page.evaluate(() => { history.back(); setTimeout(() => history.back(), 0); });
    await page.locator('h1', { hasText: '示例市' }).waitFor();
    assert.equal((await cards(page)).length, 6);
    assert.equal(await page.getByLabel('区县').inputValue(), '');
  });
  assert.deepEqual(page.errors, []);
});

test('a park of the city names its county, and a request about it goes to that county\'s centre', async () => {
  const page = await open(browser);
  await step(page, 'park-s-county', async () => {
    await page.locator('.ysmap-park-card', { hasText: '南山县绿色食品产业园' }).click();
    const contact = page.locator('.ysmap-park-detail');
    await contact.waitFor();
    const text = await contact.innerText();
    assert.match(text, /所属区县\s*南山县/);
    assert.match(text, /南山县招商服务中心 · 029-3385 2000/);
  });
  await step(page, 'request-to-the-county', async () => {
    await sendSmallestRequest(page, '示例南山食品有限公司', '向该园区申请帮办代办');
    const success = page.locator('.ysmap-success');
    await success.waitFor();
    assert.match(await success.innerText(), /南山县招商服务中心/);
  });
  assert.deepEqual(page.errors, []);
});

test('a county\'s embed (data-region) fetches and shows its county alone', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/catalog')) asked.push(new URL(r.url()).pathname + new URL(r.url()).search); });
  // The county's page: the same app, its host element naming the county.
  await page.route(BASE, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('id="ysmap"', 'id="ysmap" data-region="nanshan"');
    await route.fulfill({ response, body });
  });
  try {
    await page.goto(BASE);
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await step(page, 'county-embed', async () => {
      assert.deepEqual(asked, ['/api/catalog.postcard?region=nanshan']);
      await page.locator('h1', { hasText: '南山县' }).waitFor();
      assert.deepEqual(await cards(page), ['南山县绿色食品产业园']);
      assert.equal(await page.getByLabel('区县').count(), 0, 'no choice of county');
      assert.match(await page.locator('.ysmap-footer').innerText(), /南山县招商服务中心/);
    });
    await snapshot(page, 'phone-county-embed');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('a county\'s administrator keeps its county in the console, and nothing of the city\'s', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  try {
    await page.goto(new URL('console/', BASE).href);
    await page.getByLabel('用户名').fill('dongyuan');
    await page.getByLabel('密码').fill(process.env.YSMAP_STAFF_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.locator('.ysc-tabs').waitFor();
    await step(page, 'county-records', async () => {
      await page.locator('.ysc-tabs').getByRole('button', { name: '资料维护' }).click();
      await page.getByText('fac-dongyuan-factory-1').waitFor();
      const text = await page.locator('.ysc-main').innerText();
      assert.doesNotMatch(text, /fac-industrial|目录信息|矢量底图|交通节点/, 'another county\'s listings and the city\'s records are not there');
    });
    await step(page, 'county-accounts', async () => {
      await page.locator('.ysc-tabs').getByRole('button', { name: '账号管理' }).click();
      await page.getByText('新建账号').click();
      const form = page.locator('.ysc-new-account');
      const counties = await form.getByLabel('所属区县').locator('option').allInnerTexts();
      assert.deepEqual(counties, ['东塬区']);
      const parks = await form.locator('.ysc-picks label').allInnerTexts();
      assert.deepEqual(parks, ['东塬经济技术开发区']);
      // Its county's accounts alone (its own among them).
      const accounts = await page.locator('.ysc-account summary').allInnerTexts();
      assert.ok(accounts.some((a) => a.startsWith('dongyuan')), accounts.join());
      assert.ok(accounts.every((a) => a.includes('东塬区')), accounts.join());
    });
    await page.screenshot({ path: `${ARTIFACTS}/console-county-admin.png`, fullPage: true });
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('a link to a county shows that county from the first byte, and the app takes over in place', async () => {
  const link = new URL('?ysmap=region%3Ddongyuan', BASE).href;
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const waiting = await context.newPage();
  await waiting.route('**/*.wasm', (route) => route.abort());
  await waiting.goto(link);
  let still;
  await step(waiting, 'county-first-screen', async () => {
    const first = waiting.locator('.ysmap-first-screen');
    assert.deepEqual(await first.locator('.ysmap-park-card .name').allInnerTexts(), ['东塬经济技术开发区']);
    assert.match(await first.locator('h1').innerText(), /东塬区/);
    still = await first.locator('svg.ysmap-first-map path.region').boundingBox();
  });
  await context.close();
  const page = await open(browser, { viewport: PHONE, url: link });
  await step(page, 'county-taken-over', async () => {
    await settled(page);
    const live = await page.locator('.ysmap-map path.region').boundingBox();
    assert.ok(Math.abs(live.width - still.width) < 3 && Math.abs(live.y - still.y) < 3,
      `the live county (${JSON.stringify(live)}) where the still one was (${JSON.stringify(still)})`);
    assert.deepEqual(await cards(page), ['东塬经济技术开发区']);
  });
  assert.deepEqual(page.errors, []);
});
