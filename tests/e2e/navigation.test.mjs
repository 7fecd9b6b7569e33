// Investor navigation: the facility finder (找载体) searched by pinyin initials and narrowed by a
// filter, its list and the map showing the same results, a result opened; the address carrying
// all of it into a fresh page; back and forward stepping through it; axe at both widths.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, settled, COUNTY, PHONE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** What the list says it found, the rows it shows, and what the map draws (clusters counted). */
async function shown(page) {
  const text = await page.locator('.ysmap-result-count').innerText();
  const rows = await page.locator('.ysmap-result').count();
  const onMap = await page.locator('.ysmap-map').evaluate((map) =>
    [...map.querySelectorAll('.cluster')].reduce((n, c) => n + Number(c.getAttribute('data-count')), 0)
    + map.querySelectorAll('.marker').length);
  return { found: Number(text.match(/\d+/)?.[0]), rows, onMap };
}

/** Waits until the list and the map agree on `n` results. */
async function agree(page, n) {
  await page.waitForFunction((n) => {
    const count = document.querySelector('.ysmap-result-count')?.textContent.match(/\d+/)?.[0];
    return Number(count) === n && document.querySelectorAll('.ysmap-result').length === n;
  }, n, { timeout: 5000 }).catch(async (e) => {
    e.message += ` (expected ${n}; ${JSON.stringify(await shown(page))})`;
    throw e;
  });
  // The map redraws in its next frame.
  await page.waitForTimeout(150);
  const s = await shown(page);
  assert.deepEqual(s, { found: n, rows: n, onMap: n }, 'the list and the map show the same results');
}

test('the finder: pinyin search and a filter, the list and the map agree, the address reproduces it, back and forward step through it', async () => {
  const page = await open(browser, { url: COUNTY });
  let link;
  await step(page, 'finder-opens', async () => {
    await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
    await page.getByRole('heading', { name: '可用载体' }).waitFor();
    // Every facility on offer or being built, across the parks (the sample shows 30 of 35).
    await agree(page, 30);
  });
  await step(page, 'search-by-initials', async () => {
    // 示例县工业园区 by its initials: its facilities, and only them.
    await page.getByRole('searchbox').fill('gyyq');
    await agree(page, 11);
    const parks = await page.locator('.ysmap-result .park').allInnerTexts();
    assert.ok(parks.every((p) => p === '示例县工业园区'), parks.join());
    // Chinese finds the same.
    await page.getByRole('searchbox').fill('工业园区');
    await agree(page, 11);
  });
  await step(page, 'filter-with-counts', async () => {
    const kind = page.getByLabel('类型');
    const option = await kind.locator('option[value="land"]').innerText();
    const expected = Number(option.match(/\((\d+)\)/)[1]);
    assert.ok(expected > 0 && expected < 11, option);
    await kind.selectOption('land');
    await agree(page, expected);
    assert.ok((await page.locator('.ysmap-result .meta').allInnerTexts()).every((m) => m.startsWith('土地')));
  });
  await step(page, 'open-a-result', async () => {
    const first = page.locator('.ysmap-result-button').first();
    await first.click();
    assert.equal(await first.getAttribute('aria-expanded'), 'true');
    await page.locator('.ysmap-result .ysmap-facility').waitFor();
    // The catalog's hubs by straight-line distance, nearest first.
    const km = await page.locator('.ysmap-result .ysmap-hubs li').evaluateAll((els) =>
      els.map((e) => Number(e.textContent.match(/([\d.,]+) 公里/)[1].replace(/,/g, ''))));
    assert.ok(km.length >= 3 && km.every((d, i) => i === 0 || km[i - 1] <= d), km.join());
    await page.locator('.ysmap-map-popup-body').waitFor();
    link = page.url();
    assert.match(link, /[?&]ysmap=/);
  });
  await snapshot(page, 'desktop-finder');
  await step(page, 'axe-finder', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  await step(page, 'back-and-forward', async () => {
    await page.goBack(); // the result closed
    await page.waitForFunction(() => !document.querySelector('.ysmap-result .ysmap-facility'));
    await page.goBack(); // the kind filter gone
    await agree(page, 11);
    assert.equal(await page.getByLabel('类型').inputValue(), '');
    await page.goForward();
    await agree(page, Number((await page.locator('.ysmap-result-count').innerText()).match(/\d+/)[0]));
    assert.equal(await page.getByLabel('类型').inputValue(), 'land');
  });
  assert.deepEqual(page.errors, []);

  // The link, in a fresh page at a phone's width: the same panel, search, filter and result.
  const phone = await open(browser, { viewport: PHONE, url: link });
  await step(phone, 'link-reproduces-the-state', async () => {
    await phone.getByRole('heading', { name: '可用载体' }).waitFor();
    assert.equal(await phone.getByRole('searchbox').inputValue(), '工业园区');
    assert.equal(await phone.getByLabel('类型').inputValue(), 'land');
    assert.equal(await phone.locator('.ysmap-result-button[aria-expanded="true"]').count(), 1);
    const s = await shown(phone);
    assert.equal(s.rows, s.found);
  });
  await snapshot(phone, 'phone-finder');
  await step(phone, 'axe-finder-phone', async () => {
    assert.deepEqual(await axeViolations(phone), []);
  });
  await step(phone, 'clear-all', async () => {
    await phone.getByRole('button', { name: '清除全部条件' }).click();
    await agree(phone, 30);
    assert.equal(await phone.getByRole('searchbox').inputValue(), '');
  });
  assert.deepEqual(phone.errors, []);
});

test('the finder in English: searched by English name, ranges narrow the list', async () => {
  const page = await open(browser, { locale: 'en-GB' });
  await step(page, 'english-search', async () => {
    await page.locator('.ysmap-nav button', { hasText: 'Find space' }).click();
    await page.getByRole('searchbox').fill('sample county industrial');
    await agree(page, 11);
  });
  await step(page, 'range', async () => {
    await page.locator('.ysmap-more-filters summary').click();
    const height = page.getByLabel('Floor height min (m)');
    await height.fill('9');
    await height.press('Enter');
    await height.blur();
    const n = Number((await page.locator('.ysmap-result-count').innerText()).match(/\d+/)[0]);
    assert.ok(n > 0 && n < 11, `${n} of 11 with a clear height of at least 9 m`);
    await agree(page, n);
  });
  await step(page, 'axe-english', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  assert.deepEqual(page.errors, []);
});

test('needs rank the facilities with a reason per criterion, stay on the device and out of the address', async () => {
  const page = await open(browser);
  await step(page, 'needs-rank', async () => {
    await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
    await page.locator('.ysmap-needs summary').click();
    for (const [label, value] of [['需求·层高 至少', '8'], ['需求·承重 至少', '3'], ['需求·电力容量 至少', '800']]) {
      const field = page.getByLabel(new RegExp(`^${label}`));
      await field.fill(value);
      await field.blur();
    }
    await page.locator('.ysmap-result .ysmap-reasons').first().waitFor();
    const rows = await page.locator('.ysmap-result').evaluateAll((els) => els.map((e) => ({
      fail: e.querySelectorAll('.ysmap-reasons .fail').length,
      unknown: e.querySelectorAll('.ysmap-reasons .unknown').length,
      text: e.querySelector('.ysmap-reasons')?.innerText ?? '',
    })));
    assert.ok(rows.length > 0 && rows.every((r) => r.text.includes('层高')), 'every result says why');
    // Fewest failures first, then fewest unknowns.
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      assert.ok(a.fail < b.fail || (a.fail === b.fail && a.unknown <= b.unknown), `row ${i}: ${JSON.stringify([a, b])}`);
    }
    assert.ok(rows.some((r) => /层高 [\d.,]+ 米 ≥ 8 米/.test(r.text)), 'a pass names both figures');
    assert.ok(rows.some((r) => /(<|未提供|不适用)/.test(r.text)), 'a fail, an unknown or a plot is shown, not hidden');
    assert.equal(rows.length, Number((await page.locator('.ysmap-result-count').innerText()).match(/\d+/)[0]), 'needs rank, they do not filter');
    assert.doesNotMatch(page.url(), /height|800/, 'needs stay out of the address');
  });
  await snapshot(page, 'desktop-finder-needs');
  await step(page, 'axe-needs', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  await step(page, 'needs-kept-on-the-device', async () => {
    await page.reload();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
    assert.equal(await page.getByLabel(/^需求·电力容量 至少/).inputValue(), '800');
    await page.locator('.ysmap-result .ysmap-reasons').first().waitFor();
    await page.getByRole('button', { name: '清除需求' }).click();
    assert.equal(await page.locator('.ysmap-result .ysmap-reasons').count(), 0);
  });
  assert.deepEqual(page.errors, []);
});

test('policies: filtered, and judged requirement by requirement for the enterprise; 免申即享 granted without applying', async () => {
  const page = await open(browser);
  const result = (id) => page.locator('.ysmap-policy-result').filter({ has: page.locator(`[data-policy="${id}"]`) });
  await step(page, 'policies-listed', async () => {
    await page.locator('.ysmap-nav button', { hasText: '政策' }).click();
    await page.getByRole('heading', { name: '惠企政策' }).waitFor();
    const inForce = await page.locator('.ysmap-policy-result').count();
    assert.equal(await result('pol-county-hightech-award').count(), 0, 'an expired policy is hidden');
    await page.getByLabel('显示已失效政策').check();
    assert.equal(await page.locator('.ysmap-policy-result').count(), inForce + 1);
    await page.getByLabel('显示已失效政策').uncheck();
    await page.getByLabel('兑现方式').selectOption('automatic');
    const modes = await page.locator('.ysmap-policy-result .mode').allInnerTexts();
    assert.ok(modes.length > 0 && modes.every((m) => m.includes('免申即享')), modes.join());
    assert.match(page.url(), /p_mode%3Dautomatic/);
    await page.getByLabel('兑现方式').selectOption('');
  });
  await step(page, 'profile-judges', async () => {
    await page.locator('.ysmap-needs summary').click();
    await page.getByLabel('拟落户园区').selectOption('park-industrial');
    await page.getByLabel('企业规模').selectOption('small');
    await page.getByLabel('高新技术企业').check();
    for (const [label, value] of [['计划投资(万元)', '800'], ['新增就业(人)', '30']]) {
      const field = page.getByLabel(label);
      await field.fill(value);
      await field.blur();
    }
    await page.locator('.ysmap-standing').first().waitFor();
    const granted = result('pol-nat-hightech-rate').locator('.ysmap-standing');
    assert.match(await granted.getAttribute('class'), /\bmet\b/);
    assert.match(await granted.innerText(), /免申即享/);
    const rent = result('pol-county-factory-rent').locator('.ysmap-standing');
    assert.match(await rent.getAttribute('class'), /not-met/);
    assert.match(await rent.innerText(), /计划投资\(万元\) 800 < 1,000/);
    assert.match(await rent.innerText(), /新增就业\(人\) 30 < 50/);
    const unknown = result('pol-prov-tech-renovation').locator('.ysmap-standing');
    assert.match(await unknown.getAttribute('class'), /unknown/, 'its industry is not given');
    // Met first, then to be confirmed, then not met.
    const order = await page.locator('.ysmap-standing').evaluateAll((els) => els.map((e) =>
      e.classList.contains('met') ? 0 : e.classList.contains('unknown') ? 1 : 2));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.doesNotMatch(page.url(), /800|small|high_tech/, 'the profile stays out of the address');
  });
  await snapshot(page, 'desktop-policies-profile');
  await step(page, 'axe-policies', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  assert.deepEqual(page.errors, []);
  const phone = await open(browser, { viewport: PHONE, url: page.url() });
  await step(phone, 'policies-phone', async () => {
    await phone.getByRole('heading', { name: '惠企政策' }).waitFor();
    await phone.locator('.ysmap-policy-result').first().scrollIntoViewIfNeeded();
  });
  await snapshot(phone, 'phone-policies');
  await step(phone, 'axe-policies-phone', async () => {
    assert.deepEqual(await axeViolations(phone), []);
  });
  assert.deepEqual(phone.errors, []);
});

test('"request assistance with this facility" opens the form with the park, the facility and the needs filled in', async () => {
  const page = await open(browser);
  await step(page, 'needs-then-apply', async () => {
    await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
    await page.locator('.ysmap-needs summary').click();
    const area = page.getByLabel(/^需求·面积/);
    await area.fill('1500');
    await area.blur();
    await page.getByLabel('项目需要环评审批(可环评)').check();
    const first = page.locator('.ysmap-result').first();
    const name = await first.locator('.name').innerText();
    await first.locator('.ysmap-result-button').click();
    await first.getByRole('button', { name: '就此载体申请帮办代办' }).click();
    await page.locator('.ysmap-chosen-facility').waitFor();
    assert.match(await page.locator('.ysmap-chosen-facility').innerText(), new RegExp(name));
    assert.equal(await page.locator('input[name="park_ids"]:checked').count(), 1);
    assert.equal(await page.locator('[id="ysmap-f-space.area_m2"]').inputValue(), '1500');
  });
  await snapshot(page, 'desktop-apply-for-facility');
  await step(page, 'axe-apply-for-facility', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  assert.deepEqual(page.errors, []);
});

test('the elderly-friendly mode: larger text, no motion, kept across a reload; axe at both widths', async () => {
  const page = await open(browser);
  const size = () => page.locator('.ysmap-intro').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  await step(page, 'switch-on', async () => {
    const before = await size();
    const toggle = page.getByRole('button', { name: '长辈模式' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.ok(await size() >= before * 1.2, 'larger text');
  });
  await step(page, 'no-motion', async () => {
    // The map jumps to the park: the zoom a frame or two after the click is the final one.
    await page.locator('.ysmap-park-card[data-park="park-logistics"]').click();
    await page.waitForTimeout(50);
    const soon = await page.locator('.ysmap-map').getAttribute('data-zoom');
    assert.equal(await settled(page), Number(soon));
  });
  await snapshot(page, 'desktop-elderly');
  await step(page, 'axe-elderly', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });
  await step(page, 'kept', async () => {
    await page.reload();
    await page.locator('.ysmap-map[data-map-ready]').waitFor();
    assert.equal(await page.getByRole('button', { name: '长辈模式' }).getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('.ysmap').first().getAttribute('class'), /ysmap-elderly/);
  });
  assert.deepEqual(page.errors, []);
  const phone = await open(browser, { viewport: PHONE });
  await step(phone, 'elderly-phone', async () => {
    await phone.getByRole('button', { name: '长辈模式' }).click();
    assert.deepEqual(await axeViolations(phone), []);
  });
  await snapshot(phone, 'phone-elderly');
  assert.deepEqual(phone.errors, []);
});
