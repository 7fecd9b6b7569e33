// The assistance loop end to end: an investor's request, a helper (园小二) who signs in to the
// staff console, accepts it, writes to the investor, publishes a tailored proposal and
// resolves it; the investor following each step on the tracking page, opening the proposal on
// the map and rating the service; a late request escalated; a request withdrawn and its
// personal data deleted. Accounts come from `ysmap-server admin create` (xtask).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, step, snapshot, axeViolations, query, execute, solidPng, BASE, ARTIFACTS, PHONE, DESKTOP } from './browser.mjs';
import path from 'node:path';

const PASSWORD = process.env.YSMAP_STAFF_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Sends a request through the public API (the form itself is tested in app.test.mjs). */
async function submit(company) {
  const res = await fetch(new URL('api/requests', BASE), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({
      company, contact_name: '陈经理', phone: '13912345678', industry_id: 'ind-general-equipment',
      park_ids: ['park-industrial'], services: ['site_selection'], consent: true,
    }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text).tracking_code;
}

/** The console, signed in as `user`, on the page headed `heading` (its tab clicked when the
 *  role starts on another). */
async function signIn(user, viewport = DESKTOP, heading = '帮办代办申请') {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(new URL('console/', BASE).href);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByLabel('密码').press('Enter');
  // Either the page wanted (a role with one page) or the tabs to reach it.
  await page.locator(`.ysc-tabs, .ysc-main h2:text-is("${heading}")`).first().waitFor();
  if (await page.getByRole('heading', { name: heading }).count() === 0) {
    await page.locator('.ysc-tabs').getByRole('button', { name: heading }).click();
  }
  await page.getByRole('heading', { name: heading }).waitFor();
  return page;
}

/** The tracker with `code` looked up. */
async function track(page, code) {
  await page.getByRole('button', { name: '查询进度', exact: true }).click();
  await page.getByLabel('受理编号').fill(code);
  await page.getByLabel('所留电话号码的后四位').fill('5678');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.locator('.ysmap-track-result').waitFor();
  return page.locator('.ysmap-track-result');
}

test('a request goes round the loop, and the investor sees each step', async () => {
  const code = await submit('示例环卫装备有限公司');
  const staff = await signIn('xiaowang');
  await step(staff, 'console-open-request', async () => {
    assert.deepEqual(await axeViolations(staff, '.ysc'), []);
    await staff.getByRole('button', { name: new RegExp(code) }).click();
    await staff.getByRole('heading', { name: code }).waitFor();
  });
  await step(staff, 'console-accept', async () => {
    await staff.getByRole('button', { name: '改为“已受理”' }).click();
    await staff.locator('.ysc-state .ysc-status[data-status=accepted]').waitFor();
    // Accepting made it the helper's own.
    assert.equal(await staff.locator('#ysc-assignee').inputValue(), 'xiaowang');
  });
  await step(staff, 'console-assign', async () => {
    // Handed to the centre's administrator and back: each assignment is recorded.
    await staff.getByLabel('分派给').selectOption('admin');
    await staff.locator('.ysc-history li[data-kind=assigned]', { hasText: 'admin' }).waitFor();
    await staff.getByLabel('分派给').selectOption('xiaowang');
    await staff.locator('.ysc-history li[data-kind=assigned]').nth(2).waitFor();
    assert.equal(await staff.locator('#ysc-assignee').inputValue(), 'xiaowang');
  });
  await step(staff, 'console-message-and-note', async () => {
    await staff.getByLabel('给投资者的消息(投资者可见)').fill('陈经理您好,我是王园园,明天上午带您视频看厂房。');
    await staff.getByRole('button', { name: '发送消息' }).click();
    await staff.locator('.ysc-history li[data-kind=message]').waitFor();
    await staff.getByLabel('内部备注(投资者不可见)').fill('客户另询问了用地指标(内部)');
    await staff.getByRole('button', { name: '添加备注' }).click();
    await staff.locator('.ysc-history li[data-kind=note]').waitFor();
  });
  // The investor follows along: accepted, with the helper's name and message.
  const early = await open(browser, { viewport: DESKTOP });
  await step(early, 'tracker-while-in-hand', async () => {
    const r = await track(early, code);
    assert.equal(await r.getAttribute('data-status'), 'accepted');
    assert.match(await r.locator('.helper').innerText(), /王园园/);
    assert.match(await r.locator('.ysmap-messages').innerText(), /视频看厂房/);
    assert.equal(await r.locator('.ysmap-proposal').count(), 0, 'no proposal before it is published');
  });
  await step(staff, 'console-proposal', async () => {
    await staff.locator('.ysc-proposal .ysc-picks input[value="fac-industrial-factory-1"]').check();
    await staff.locator('.ysc-proposal .ysc-picks input').last().check();
    await staff.getByLabel('方案说明').fill('1 号厂房层高 9 米,可装 10 吨行车。');
    await staff.getByRole('button', { name: '发布给投资者' }).click();
    await staff.locator('.ysc-history li[data-kind=proposal]').waitFor();
  });
  await step(staff, 'console-resolve', async () => {
    await staff.getByRole('button', { name: '改为“已办结”' }).click();
    await staff.locator('.ysc-state .ysc-status[data-status=completed]').waitFor();
    assert.deepEqual(await axeViolations(staff, '.ysc'), []);
  });
  await staff.screenshot({ path: path.join(ARTIFACTS, 'console-desktop.png'), fullPage: true });
  assert.deepEqual(staff.errors, []);

  const page = await open(browser, { viewport: PHONE });
  const result = await track(page, code);
  await step(page, 'tracker-shows-every-step', async () => {
    assert.equal(await result.getAttribute('data-status'), 'completed');
    assert.match(await result.locator('.helper').innerText(), /王园园/);
    assert.match(await result.locator('.ysmap-messages').innerText(), /明天上午带您视频看厂房/);
    assert.doesNotMatch(await result.innerText(), /内部/, 'internal notes stay internal');
    assert.match(await result.locator('.ysmap-proposal').innerText(), /层高 9 米/);
    assert.match(await result.locator('.due').innerText(), /个工作日.*按时办结/);
    const steps = await result.locator('.ysmap-history li').allInnerTexts();
    assert.equal(steps.length, 3, steps.join(' | '));
    assert.deepEqual(await axeViolations(page), []);
  });
  await snapshot(page, 'phone-tracker-resolved');
  await step(page, 'tracker-rates', async () => {
    await page.getByLabel('5 星 · 很满意').check();
    await page.getByLabel('评价说明(选填)').fill('回复很快');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.locator('.ysmap-rated').waitFor();
    assert.match(await page.locator('.ysmap-rated').innerText(), /5\/5/);
    assert.deepEqual(query('SELECT rating, rating_comment FROM assistance_requests WHERE tracking_code = ?', code), [[5, '回复很快']]);
  });
  await result.screenshot({ path: path.join(ARTIFACTS, 'phone-tracker-result.png') });
  await step(page, 'proposal-on-the-map', async () => {
    await page.locator('.ysmap-proposal').getByRole('button', { name: '在地图上显示' }).first().click();
    await page.locator('.ysmap-park-detail').waitFor();
    const popup = page.locator('.ysmap-map-popup-body');
    await popup.waitFor();
    assert.match(await popup.innerText(), /工业园 1 号标准化厂房/);
  });
  assert.deepEqual(page.errors, []);
});

test('a late request can be escalated; a request can be withdrawn and its data deleted', async () => {
  const code = await submit('示例延误测试有限公司');
  execute('UPDATE assistance_requests SET due_at = ? WHERE tracking_code = ?', '2026-01-05T15:59:59+00:00', code);
  const page = await open(browser, { viewport: DESKTOP });
  const result = await track(page, code);
  await step(page, 'escalate', async () => {
    const late = result.locator('.overdue');
    assert.match(await late.innerText(), /超过承诺时限/);
    await late.getByRole('button', { name: '督办' }).click();
    await result.locator('.overdue').getByText(/督办,管理员已收到/).waitFor();
    assert.deepEqual(query("SELECT COUNT(*) FROM outbox WHERE kind = 'complaint' AND payload LIKE ?", `%${code}%`), [[1]]);
  });
  await snapshot(page, 'desktop-tracker-escalated');
  await step(page, 'withdraw', async () => {
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '撤回申请' }).click();
    await page.locator('.ysmap-track-result[data-status=withdrawn]').waitFor();
  });
  await step(page, 'erase', async () => {
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '删除我的个人信息' }).click();
    await page.getByText('您的个人信息已删除').waitFor();
    assert.deepEqual(query('SELECT company, phone, erased_at IS NOT NULL FROM assistance_requests WHERE tracking_code = ?', code), [['', '', 1]]);
  });
  // The administrators see the escalation in the console.
  const admin = await signIn('admin', PHONE);
  await step(admin, 'console-phone', async () => {
    await admin.getByLabel('只看超时').check().catch(() => {});
    assert.deepEqual(await axeViolations(admin, '.ysc'), []);
  });
  await admin.screenshot({ path: path.join(ARTIFACTS, 'console-phone.png'), fullPage: false });
  assert.deepEqual(page.errors, []);
});

test('the console refuses a wrong password in the staff member\'s language', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(new URL('console/', BASE).href);
  await step(page, 'wrong-password', async () => {
    await page.getByLabel('User name').fill('xiaowang');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    assert.match(await page.getByRole('alert').innerText(), /user name or the password is wrong/);
  });
  // The public map links to the console, discreetly.
  const map = await open(browser);
  assert.equal(await map.locator('.ysmap-staff-link').getAttribute('href'), 'console/');
});

/** The form filled in for `company`, the video tour ticked with a time. */
async function fillForm(page, company) {
  await page.getByRole('button', { name: '申请帮办代办' }).first().click();
  await page.getByRole('heading', { name: '申请帮办代办' }).waitFor();
  await page.getByLabel('企业名称').fill(company);
  await page.getByLabel('联系人').fill('陈经理');
  await page.getByLabel('联系电话').fill('139 1234 5678');
  await page.getByLabel('所属行业').selectOption('ind-general-equipment');
  await page.getByLabel('项目选址').check();
  await page.getByLabel('视频看园(不见面考察)').check();
  await page.getByLabel('日期 1').fill('2099-06-01');
  await page.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
  await page.getByLabel('我已阅读并同意隐私声明').check();
}

const count = (company) => query('SELECT COUNT(*) FROM assistance_requests WHERE company = ?', company)[0][0];

test('an answer lost on the way is retried under the same key: one request, and its code', async () => {
  const page = await open(browser, { viewport: PHONE });
  const company = '示例断网重试有限公司';
  await fillForm(page, company);
  // The first POST reaches the server, which commits it; its answer never comes back.
  let first = true;
  await page.route('**/api/requests', async (route) => {
    if (first && route.request().method() === 'POST') {
      first = false;
      await route.fetch();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await step(page, 'lost-answer-retried', async () => {
    await page.getByRole('button', { name: '提交申请' }).click();
    const shown = page.locator('[data-tracking-code]');
    await shown.waitFor({ timeout: 15000 });
    assert.equal(count(company), 1, 'exactly one request');
    const code = await shown.getAttribute('data-tracking-code');
    assert.deepEqual(query('SELECT company, json_extract(payload, "$.tour_slots[0].date") FROM assistance_requests WHERE tracking_code = ?', code), [[company, '2099-06-01']]);
  });
  assert.deepEqual(page.errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_RESET/.test(e)), []);
});

test('a reload in the middle of sending sends it once, under the same key', async () => {
  const page = await open(browser);
  const company = '示例中途刷新有限公司';
  await fillForm(page, company);
  // The first POST reaches the server; the page is reloaded before its answer.
  let held = false;
  await page.route('**/api/requests', async (route) => {
    if (!held && route.request().method() === 'POST') {
      held = true;
      await route.fetch();
      return; // never answered: the reload cuts it off
    }
    await route.continue();
  });
  await page.getByRole('button', { name: '提交申请' }).click();
  await step(page, 'reload-mid-send', async () => {
    for (let i = 0; i < 50 && count(company) === 0; i++) await page.waitForTimeout(100);
    assert.equal(count(company), 1, 'the first attempt was committed');
    await page.reload();
    // The app reopens the form and resends with the same key: the server's replay answers.
    const shown = page.locator('[data-tracking-code]');
    await shown.waitFor({ timeout: 15000 });
    assert.equal(count(company), 1, 'still exactly one request');
  });
});

test('offline, the request waits and goes when the connection returns', async () => {
  const page = await open(browser);
  const company = '示例离线等待有限公司';
  await fillForm(page, company);
  await page.context().setOffline(true);
  await step(page, 'offline-waits', async () => {
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('当前处于离线状态').waitFor();
    assert.equal(count(company), 0);
  });
  await page.context().setOffline(false);
  await step(page, 'sent-when-online', async () => {
    await page.locator('[data-tracking-code]').waitFor({ timeout: 15000 });
    assert.equal(count(company), 1);
  });
});

test('an administrator makes an account; its owner sets a password and reaches the inbox', async () => {
  const admin = await signIn('admin');
  await step(admin, 'accounts-page', async () => {
    await admin.getByRole('button', { name: '账号管理' }).click();
    await admin.getByRole('heading', { name: '账号管理' }).waitFor();
    await admin.getByText('新建账号').click();
    await admin.locator('#ysc-acc-new-username').fill('zhangsan');
    await admin.locator('#ysc-acc-new-display').fill('张三');
    await admin.locator('#ysc-acc-new-role').selectOption('handler');
    // A helper of a county of the sample city: its county first, then its parks.
    await admin.locator('#ysc-acc-new-region').selectOption('shili');
    assert.equal(await admin.locator('.ysc-new-account').getByLabel('东塬经济技术开发区').count(), 0, 'another county\'s park');
    await admin.locator('.ysc-new-account').getByLabel('示例县电商产业园').check();
    await admin.locator('#ysc-acc-new-password').fill('temporary passphrase');
    await admin.getByRole('button', { name: '建立账号' }).click();
    await admin.getByText('账号已建立').waitFor();
    assert.match(await admin.locator('.ysc-account summary', { hasText: 'zhangsan' }).innerText(), /帮办人员 · 示例县 · 示例县电商产业园/);
    assert.deepEqual(await axeViolations(admin, '.ysc'), []);
  });
  await admin.screenshot({ path: path.join(ARTIFACTS, 'console-accounts.png'), fullPage: true });
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const owner = await context.newPage();
  await owner.goto(new URL('console/', BASE).href);
  await step(owner, 'first-sign-in-sets-a-password', async () => {
    await owner.getByLabel('用户名').fill('zhangsan');
    await owner.getByLabel('密码').fill('temporary passphrase');
    await owner.getByLabel('密码').press('Enter');
    await owner.getByRole('heading', { name: '设置新密码' }).waitFor();
    await owner.getByLabel('当前密码').fill('temporary passphrase');
    await owner.getByLabel('新密码').fill('zhangsan own passphrase');
    await owner.getByRole('button', { name: '保存' }).click();
    await owner.getByRole('heading', { name: '帮办代办申请' }).waitFor();
    assert.equal(await owner.getByRole('button', { name: '账号管理' }).count(), 0, 'no accounts page for a handler');
  });
});

/** A staff member's API session from node (cookie and CSRF token), for what a test sets up. */
async function staffApi(user) {
  const res = await fetch(new URL('api/admin/session', BASE), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: PASSWORD }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async (method, uri, body) => {
    const r = await fetch(new URL(`api/admin/${uri}`, BASE), {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${uri}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** The county's date `days` ago, as YYYY-MM-DD. */
function daysAgo(days) {
  return new Date(Date.now() + 8 * 3600e3 - days * 86400e3).toISOString().slice(0, 10);
}

/** The facility card of the industrial park's second factory on the public map. */
async function publicFactory(page) {
  await page.locator('.ysmap-park-card[data-park="park-industrial"]').click();
  const card = page.locator('.ysmap-facility[data-facility="fac-industrial-factory-2"]');
  await card.waitFor();
  return card;
}

test('a stale listing shows investors a badge; its editor confirms it from the start page and the badge goes', async () => {
  const api = await staffApi('editor');
  const record = await api('GET', 'facilities/fac-industrial-factory-2');
  await api('PUT', 'facilities/fac-industrial-factory-2', { ...record, verified_at: daysAgo(120) });
  const page = await open(browser, { viewport: PHONE });
  await step(page, 'public-badge', async () => {
    const card = await publicFactory(page);
    assert.match(await card.locator('.stale').innerText(), /信息可能已过时/);
    await card.scrollIntoViewIfNeeded();
  });
  await page.screenshot({ path: path.join(ARTIFACTS, 'facility-stale-phone.png') });
  for (const viewport of [PHONE, DESKTOP]) {
    const editor = await signIn('editor', viewport, '工作台');
    const row = editor.locator('.ysc-due-row[data-id="fac-industrial-factory-2"]');
    await row.waitFor();
    assert.match(await row.innerText(), /已过核实期/);
    assert.match(await editor.locator('.ysc-park').innerText(), /未办结申请/);
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
    await editor.screenshot({ path: path.join(ARTIFACTS, `console-start-${viewport === PHONE ? 'phone' : 'desktop'}.png`), fullPage: true });
    if (viewport === PHONE) await editor.context().close();
  }
  const editor = await signIn('editor', DESKTOP, '工作台');
  await step(editor, 'confirm-from-start', async () => {
    await editor.getByRole('checkbox', { name: /工业园 2 号标准化厂房/ }).check();
    await editor.getByRole('button', { name: '确认所选仍然有效' }).click();
    await editor.getByText('全部记录都在核实期内').waitFor();
  });
  const again = await open(browser, { viewport: PHONE });
  await step(again, 'badge-gone', async () => {
    const card = await publicFactory(again);
    assert.equal(await card.locator('.stale').count(), 0);
  });
});

test('a park editor changes a rent and the public map shows it at once; a listing hidden for its age is confirmed', async () => {
  execute("UPDATE catalog_records SET data = json_set(data, '$.verified_at', ?) WHERE id = 'fac-industrial-factory-2'", daysAgo(200));
  const editor = await signIn('editor', PHONE, '工作台');
  await editor.getByRole('button', { name: '载体维护' }).click();
  await step(editor, 'listings', async () => {
    const row = editor.locator('details', { hasText: '工业园 2 号标准化厂房' }).first();
    assert.match(await row.locator(':scope > summary').innerText(), /已对投资者隐藏/);
    await row.locator(':scope > summary').click();
    await row.getByLabel('租金(元/平方米/月)').fill('8.5');
    await row.getByRole('button', { name: '保存' }).click();
    await row.getByText('已保存;投资者已能看到').waitFor();
    await row.getByRole('button', { name: '确认仍然有效' }).click();
    await row.getByText('已确认并保存').waitFor();
    assert.doesNotMatch(await row.locator(':scope > summary').innerText(), /待核实|隐藏/);
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-listings-phone.png'), fullPage: true });
  const page = await open(browser);
  await step(page, 'public-map-shows-the-new-rent', async () => {
    const card = await publicFactory(page);
    assert.match(await card.innerText(), /8\.5/);
  });
});

test('an editor imports a spreadsheet: the dry run names the bad row, the corrected file applies', async () => {
  const editor = await signIn('editor', DESKTOP, '导入导出');
  const upload = (name, text) => editor.locator('#ysc-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await step(editor, 'dry-run', async () => {
    await upload('rents.csv', 'id,rent_yuan_per_m2_month\nfac-industrial-factory-5,9.5\nfac-industrial-factory-6,十二\n');
    const report = editor.locator('.ysc-import-report');
    await report.waitFor();
    assert.match(await report.innerText(), /共 2 行:新增 0,修改 1,不变 0,拒绝 1/);
    const refused = report.locator('table.ysc-report tbody tr');
    assert.equal(await refused.count(), 1);
    assert.match(await refused.innerText(), /第 3 行[\s\S]*fac-industrial-factory-6[\s\S]*rent_yuan_per_m2_month[\s\S]*应为数字/);
    assert.equal(await editor.getByRole('button', { name: '应用导入' }).count(), 0, 'nothing to apply while a row is refused');
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-import-report-desktop.png'), fullPage: true });
  await step(editor, 'apply', async () => {
    await upload('rents.csv', 'id,rent_yuan_per_m2_month\nfac-industrial-factory-5,9.5\nfac-industrial-factory-6,12.5\n');
    await editor.getByRole('button', { name: '应用导入' }).click();
    await editor.getByText('已导入并发布').waitFor();
  });
  const catalog = await (await fetch(new URL('api/catalog', BASE))).json();
  const rent = (id) => catalog.facilities.find((f) => f.id === id).rent_yuan_per_m2_month;
  assert.equal(rent('fac-industrial-factory-5'), 9.5);
  assert.equal(rent('fac-industrial-factory-6'), 12.5);
  const phone = await signIn('editor', PHONE, '导入导出');
  await phone.locator('#ysc-import-file').setInputFiles({ name: 'rents.csv', mimeType: 'text/csv', buffer: Buffer.from('id,rent_yuan_per_m2_month\nfac-industrial-factory-6,abc\n') });
  await phone.locator('.ysc-import-report').waitFor();
  await phone.screenshot({ path: path.join(ARTIFACTS, 'console-import-report-phone.png'), fullPage: true });
});

test('an editor restores an earlier version of a listing from its history', async () => {
  const editor = await signIn('editor', PHONE, '载体维护');
  const row = editor.locator('details', { hasText: '工业园 7 号标准化厂房' }).first();
  await row.locator(':scope > summary').click();
  const rent = row.getByLabel('租金(元/平方米/月)');
  for (const value of ['7.25', '6.5']) {
    await rent.fill(value);
    // Each save's own answer: the second save's message reads as the first's, so waiting for
    // the words alone could go on before the second change is stored (and the history, read
    // once when opened, would miss it).
    const saved = editor.waitForResponse((r) => r.url().includes('/api/admin/') && r.request().method() !== 'GET');
    await row.getByRole('button', { name: '保存' }).click();
    assert.ok((await saved).ok(), 'saved');
    await row.getByText('已保存;投资者已能看到').waitFor();
  }
  await step(editor, 'history', async () => {
    await row.locator('.ysc-history summary').click();
    const versions = row.locator('.ysc-versions > li');
    await versions.nth(1).waitFor();
    assert.match(await versions.first().innerText(), /editor · 修改[\s\S]*rent_yuan_per_m2_month: 7\.25 → 6\.5/);
    assert.match(await versions.nth(1).innerText(), /→ 7\.25/);
    assert.equal(await versions.first().getByRole('button').count(), 0, 'the newest is the record as it is');
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-history-phone.png'), fullPage: true });
  await step(editor, 'restore', async () => {
    await row.locator('.ysc-versions > li').nth(1).getByRole('button', { name: '恢复到此版本' }).click();
    await row.getByText('已恢复该版本并发布').waitFor();
    assert.equal(await rent.inputValue(), '7.25');
    await row.locator('.ysc-versions > li', { hasText: '恢复' }).first().waitFor();
  });
  const catalog = await (await fetch(new URL('api/catalog', BASE))).json();
  assert.equal(catalog.facilities.find((f) => f.id === 'fac-industrial-factory-7').rent_yuan_per_m2_month, 7.25);
});

/** The full editor of a facility on the records page (资料维护). */
async function openRecord(page, name) {
  const row = page.locator('.ysc-records details', { hasText: name }).first();
  await row.locator(':scope > summary').click();
  await row.locator('.ysc-record-form').waitFor();
  return row;
}

test('an editor moves a facility on the map and by coordinates from a Baidu picker; a place outside the park is named', async () => {
  const api = await staffApi('editor');
  const before = (await api('GET', 'facilities/fac-industrial-factory-1')).location.coordinates;
  const editor = await signIn('editor', DESKTOP, '资料维护');
  const row = await openRecord(editor, '工业园 1 号标准化厂房');
  const stored = row.locator('.ysc-location .ysc-muted');
  await step(editor, 'bd09-round-trip', async () => {
    await row.locator('.ysc-location select').selectOption('bd09');
    const input = row.locator('.ysc-location input[type=text]');
    const shown = await input.getAttribute('placeholder');
    assert.match(shown, /^\d+\.\d{6}, \d+\.\d{6}$/);
    assert.notEqual(shown, `${before[0].toFixed(6)}, ${before[1].toFixed(6)}`, 'BD-09 differs from WGS-84');
    await input.fill(shown);
    await row.getByRole('button', { name: '使用这组坐标' }).click();
    const [, lng, lat] = (await stored.innerText()).match(/(\d+\.\d+), (\d+\.\d+)$/).map(Number);
    assert.ok(Math.abs(lng - before[0]) < 2e-6 && Math.abs(lat - before[1]) < 2e-6, `back to WGS-84: ${lng}, ${lat}`);
  });
  await step(editor, 'outside-the-park', async () => {
    await row.locator('.ysc-location select').selectOption('wgs84');
    await row.locator('.ysc-location input[type=text]').fill('108.0, 34.0');
    await row.getByRole('button', { name: '使用这组坐标' }).click();
    await row.getByRole('button', { name: '保存全部字段' }).click();
    await row.locator('.ysc-location .ysc-field-error', { hasText: '载体位置不在所属园区边界内' }).waitFor();
  });
  await step(editor, 'click-on-the-map', async () => {
    await row.locator('.ysc-location input[type=text]').fill(`${before[0]}, ${before[1]}`);
    await row.getByRole('button', { name: '使用这组坐标' }).click();
    const map = row.locator('.ysc-location-map .ysmap-map').first();
    await map.scrollIntoViewIfNeeded();
    await editor.waitForTimeout(300);
    const box = await map.boundingBox();
    // Beside the marker (which sits at the centre), inside the park.
    await editor.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 25);
    await editor.waitForFunction((b) => !document.querySelector('.ysc-location .ysc-muted')?.textContent.includes(b), `${before[0].toFixed(6)}, ${before[1].toFixed(6)}`);
    await row.getByRole('button', { name: '保存全部字段' }).click();
    await row.getByText('已保存;投资者已能看到').waitFor();
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-record-desktop.png'), fullPage: true });
  const after = (await api('GET', 'facilities/fac-industrial-factory-1')).location.coordinates;
  assert.ok(after[0] > before[0] && after[1] < before[1], `moved right and down: ${before} → ${after}`);
  const catalog = await (await fetch(new URL('api/catalog', BASE))).json();
  assert.deepEqual(catalog.facilities.find((f) => f.id === 'fac-industrial-factory-1').location.coordinates, after);
  await step(editor, 'drag-the-marker', async () => {
    const marker = row.locator('.ysc-location .marker.draggable').first();
    await row.locator('.ysc-location-map').scrollIntoViewIfNeeded();
    const box = await marker.boundingBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await editor.mouse.move(x, y);
    await editor.mouse.down();
    for (let i = 1; i <= 5; i++) await editor.mouse.move(x - 6 * i, y - 4 * i);
    await editor.mouse.up();
    await editor.waitForFunction((b) => !document.querySelector('.ysc-location .ysc-muted')?.textContent.includes(b), `${after[0].toFixed(6)}, ${after[1].toFixed(6)}`);
    await row.getByRole('button', { name: '保存全部字段' }).click();
  });
  // Saved once the server has it (the notice of the last save is still on the page).
  let dragged = after;
  for (let i = 0; i < 50 && dragged[0] === after[0]; i++) {
    await new Promise((r) => setTimeout(r, 100));
    dragged = (await api('GET', 'facilities/fac-industrial-factory-1')).location.coordinates;
  }
  assert.ok(dragged[0] < after[0] && dragged[1] > after[1], `dragged left and up: ${after} → ${dragged}`);
});

test('an editor adds a photo: uploaded, captioned (required), saved, and shown to investors', async () => {
  const editor = await signIn('editor', PHONE, '资料维护');
  const row = await openRecord(editor, '工业园 2 号标准化厂房');
  await step(editor, 'upload', async () => {
    await row.locator('.ysc-photos input[type=file]').setInputFiles({ name: 'factory.png', mimeType: 'image/png', buffer: solidPng(64, [30, 90, 160]) });
    await row.locator('.ysc-photo img').first().waitFor();
    await row.getByRole('button', { name: '保存全部字段' }).click();
    await row.getByText('请为照片填写中英文说明').first().waitFor();
    await row.getByLabel('中文说明(必填)').last().fill('2 号厂房外景(示例数据)');
    await row.getByLabel('英文说明(必填)').last().fill('Factory 2 from outside (sample data)');
    await row.getByRole('button', { name: '保存全部字段' }).click();
    await row.getByText('已保存;投资者已能看到').waitFor();
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-photos-phone.png'), fullPage: true });
  const catalog = await (await fetch(new URL('api/catalog', BASE))).json();
  const photo = catalog.facilities.find((f) => f.id === 'fac-industrial-factory-2').photos.at(-1);
  assert.equal(photo.caption.zh, '2 号厂房外景(示例数据)');
  const img = await fetch(new URL(photo.url.replace(/^\//, ''), BASE));
  assert.equal(img.headers.get('content-type'), 'image/jpeg');
  assert.match(img.headers.get('cache-control'), /immutable/);
  const page = await open(browser, { viewport: PHONE });
  await step(page, 'investors-see-it', async () => {
    const card = await publicFactory(page);
    const shown = card.locator('.ysmap-photos img[alt="2 号厂房外景(示例数据)"]');
    await shown.waitFor();
    assert.ok(photo.thumbnail_url.endsWith(await shown.getAttribute('src')), 'the thumbnail, at the API');
    await shown.scrollIntoViewIfNeeded();
    await page.waitForFunction((src) => [...document.images].some((i) => i.src.endsWith(src) && i.complete && i.naturalWidth > 0), photo.thumbnail_url);
    assert.deepEqual(await axeViolations(page), []);
  });
  await page.screenshot({ path: path.join(ARTIFACTS, 'facility-photo-phone.png') });
});

test('an editor draws a hole and reshapes a park boundary with the keyboard alone', async () => {
  const api = await staffApi('editor');
  const before = (await api('GET', 'parks/park-industrial')).boundary.coordinates;
  const editor = await signIn('editor', DESKTOP, '资料维护');
  await editor.locator('#ysc-records-kind').selectOption('parks');
  const summary = editor.locator('.ysc-records details > summary', { hasText: 'park-industrial' });
  await summary.focus();
  await editor.keyboard.press('Enter');
  const b = editor.locator('.ysc-boundary');
  await b.waitFor();
  const press = async (locator, key = 'Enter') => { await locator.focus(); await editor.keyboard.press(key); };
  const map = b.locator('.ysmap-map').first();
  await step(editor, 'draw-a-hole', async () => {
    await press(b.getByRole('button', { name: '添加内洞' }));
    await b.getByText('一个环至少需要 3 个顶点').waitFor();
    for (const pan of ['ArrowRight', 'ArrowDown', 'ArrowLeft']) {
      await press(map, pan);
      await editor.waitForTimeout(150);
      await press(b.getByRole('button', { name: '在地图中心(十字处)添加顶点' }));
    }
    assert.equal(await b.locator('.ysc-vertices li').count(), 3);
    assert.equal(await b.getByText('一个环至少需要 3 个顶点').count(), 0);
    assert.deepEqual(await axeViolations(editor, '.ysc'), []);
  });
  await editor.screenshot({ path: path.join(ARTIFACTS, 'console-boundary-desktop.png'), fullPage: false, clip: await b.boundingBox() });
  await step(editor, 'delete-the-hole-and-split-an-edge', async () => {
    await press(b.getByRole('button', { name: '删除此内洞' }));
    assert.equal(await b.locator('.ysc-vertices li').count(), before[0].length - 1);
    await press(b.locator('.ysc-vertices button').first());
    await press(b.getByRole('button', { name: '在所选顶点后拆分边' }));
    await press(b.getByRole('button', { name: '向北 10 米' }));
    await press(b.getByRole('button', { name: '向南 10 米' }));
    assert.equal(await b.locator('.ysc-vertices li').count(), before[0].length);
    await press(editor.getByRole('button', { name: '保存全部字段' }).first());
    await editor.getByText('已保存;投资者已能看到').first().waitFor();
  });
  const after = (await api('GET', 'parks/park-industrial')).boundary.coordinates;
  assert.equal(after.length, 1, 'the hole was deleted before saving');
  assert.equal(after[0].length, before[0].length + 1, 'one vertex more');
  assert.deepEqual(after[0][0], before[0][0]);
});

test('an administrator sets the verification ages in the catalog information, and restores a deleted record', async () => {
  const admin = await signIn('admin', DESKTOP, '资料维护');
  await step(admin, 'catalog-information', async () => {
    await admin.locator('#ysc-records-kind').selectOption('meta');
    const form = admin.locator('.ysc-record-form');
    await form.waitFor();
    const due = form.locator('input[id$="freshness-facilities-due-after-days"]');
    assert.equal(await due.inputValue(), '90');
    await due.fill('120');
    await due.press('Tab');
    await form.getByRole('button', { name: '保存全部字段' }).click();
    await form.getByText('已保存').waitFor();
    assert.deepEqual(await axeViolations(admin, '.ysc'), []);
  });
  await admin.screenshot({ path: path.join(ARTIFACTS, 'console-catalog-information-desktop.png') });
  const catalog = await (await fetch(new URL('api/catalog', BASE))).json();
  assert.equal(catalog.meta.freshness.facilities.due_after_days, 120);
  const api = await staffApi('admin');
  await api('PUT', 'parts/meta', { ...catalog.meta, freshness: { ...catalog.meta.freshness, facilities: { due_after_days: 90, hide_after_days: 180 } } });
  await step(admin, 'restore-a-deleted-record', async () => {
    await api('DELETE', 'facilities/fac-industrial-land-2');
    await admin.locator('#ysc-records-kind').selectOption('parks');
    await admin.locator('#ysc-records-kind').selectOption('facilities');
    await admin.locator('.ysc-deleted > summary').click();
    const row = admin.locator('.ysc-deleted li', { hasText: 'fac-industrial-land-2' });
    await row.getByRole('button', { name: '恢复' }).click();
    await admin.locator('.ysc-records details > summary', { hasText: 'fac-industrial-land-2' }).waitFor();
  });
  assert.ok((await api('GET', 'facilities/fac-industrial-land-2')).id);
});

test('markup typed into text fields stays text on every page that shows it', async () => {
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  // A request whose company and message are markup.
  const res = await fetch(new URL('api/requests', BASE), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `xss-${Date.now()}` },
    body: JSON.stringify({
      company: `XSS ${payload}`, contact_name: '陈经理', phone: '13912345678', industry_id: 'ind-general-equipment',
      park_ids: ['park-agri'], services: ['site_selection'], message: payload, consent: true,
    }),
  });
  assert.equal(res.status, 201);
  const code = (await res.json()).tracking_code;
  // Every text of a park, one of its facilities, a policy, an industry and a transport hub
  // made markup by an administrator (each a different payload; all put back at the end).
  const admin = await signIn('admin');
  const api = await staffApi('admin');
  const corpus = [
    payload,
    '"><svg onload="window.__xss=3">',
    "'><iframe srcdoc=\"<script>parent.__xss=4</script>\">",
    '{{7*7}}<a href="javascript:window.__xss=5">x</a>',
  ];
  let n = 0;
  const marked = (v) => {
    if (Array.isArray(v)) return v.map(marked);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v).sort().join();
      if (keys === 'en,zh') { const p = corpus[n++ % corpus.length]; return { zh: `${p}甲`, en: `${p}A` }; }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marked(x)]));
    }
    return v;
  };
  const records = [
    ['parks', 'park-agri'], ['facilities', 'fac-agri-factory-1'], ['policies', 'pol-county-jobs'],
    ['industries', 'ind-general-equipment'], ['transport_hubs', 'hub-g30-west'],
  ];
  const originals = [];
  for (const [c, id] of records) {
    const r = await api('GET', `${c}/${id}`);
    originals.push([c, id, r]);
    const m = marked(r);
    // Names carry the first payload: the lists and the server's first screen show them.
    if (m.name) m.name = { zh: `${payload}甲`, en: `${payload}A` };
    if (m.title) m.title = { zh: `${payload}甲`, en: `${payload}A` };
    await api('PUT', `${c}/${id}`, m);
  }
  const rename = async () => {
    for (const [c, id, r] of originals) await api('PUT', `${c}/${id}`, r);
    return 200;
  };
  try {
    const inert = async (page, where) => {
      assert.equal(await page.locator('img[src="x"]').count(), 0, `${where}: no element was made from the markup`);
      assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: nothing ran`);
    };
    await step(admin, 'console-inbox', async () => {
      await admin.getByRole('button', { name: new RegExp(code) }).click();
      await admin.locator('.ysc-facts').getByText(payload, { exact: false }).first().waitFor();
      await inert(admin, 'console');
    });
    // The public page: the server's first screen, then the app.
    const first = await (await fetch(BASE)).text();
    assert.ok(first.includes('&lt;img src=x'), 'the first screen escapes it');
    assert.ok(!first.includes('<img src=x'), 'the first screen carries no markup from the catalog');
    const page = await open(browser);
    await step(page, 'public-map', async () => {
      await page.locator('.ysmap-park-card[data-park="park-agri"]').getByText('<img src=x', { exact: false }).waitFor();
      await inert(page, 'map');
      await page.locator('.ysmap-park-card[data-park="park-agri"]').click();
      await page.locator('.ysmap-facility[data-facility="fac-agri-factory-1"]').getByText('<img src=x', { exact: false }).first().waitFor();
      await inert(page, 'park and facility');
      // The county-wide policy is among the park's.
      await page.locator('.ysmap-park-detail').getByText(`${payload}甲`, { exact: false }).nth(1).waitFor();
      await inert(page, 'policies');
    });
    await step(admin, 'console-pages', async () => {
      for (const tab of ['工作台', '资料维护', '载体维护']) {
        await admin.locator('.ysc-tabs').getByRole('button', { name: tab }).click();
        await admin.locator('.ysc-main h2').first().waitFor();
        await admin.waitForTimeout(200);
        await inert(admin, tab);
      }
      const row = admin.locator('.ysc-records details', { hasText: '<img src=x' }).first();
      await admin.locator('.ysc-tabs').getByRole('button', { name: '资料维护' }).click();
      await admin.locator('#ysc-records-kind').selectOption('parks');
      await row.locator(':scope > summary').click();
      await row.locator('.ysc-history summary').click();
      await row.locator('.ysc-versions li').first().waitFor();
      await inert(admin, 'record editor and history');
    });
    await step(page, 'tracker', async () => {
      await track(page, code);
      assert.match(await page.locator('.ysmap-track-result').innerText(), /XSS <img src=x/);
      await inert(page, 'tracker');
    });
  } finally {
    assert.equal(await rename(), 200);
  }
});
