// Shared set-up for the browser tests: one headless Chromium (Debian's), pages at phone and
// desktop sizes, screenshots on failure, axe-core checks, and a look into the SQLite file.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

export const BASE = process.env.YSMAP_URL ?? 'http://127.0.0.1:8080/';
/** The sample county's own view (示例县 of the sample city): the tests of what one county
 *  shows (its facilities' counts, its clusters, its outline) open it. */
export const COUNTY = new URL('?ysmap=region%3Dshili', BASE).href;
export const DB = process.env.YSMAP_DB;
export const ARTIFACTS = process.env.YSMAP_ARTIFACTS ?? path.resolve('tests/e2e/artifacts');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** Starts Chromium with the flags this closed-network machine needs. Playwright gives every
 *  launch a fresh, temporary profile of its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/** A fresh page (own storage) at `viewport`, in `locale`, with console errors collected. */
export async function open(browser, { viewport = DESKTOP, locale = 'zh-CN', url = BASE } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(url);
  await page.locator('.ysmap-map[data-map-ready]').waitFor();
  return page;
}

/** Waits until the map's zoom stops changing (animations done) and its drawing has caught up
 *  (`data-map-ready`), and returns the zoom. */
export async function settled(page) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    const z = await page.locator('.ysmap-map').getAttribute('data-zoom');
    if (z === last) break;
    last = z;
    await page.waitForTimeout(60);
  }
  await page.locator('.ysmap-map[data-map-ready]').waitFor({ state: 'attached', timeout: 5000 });
  return Number(await page.locator('.ysmap-map').getAttribute('data-zoom'));
}

/** Runs `body`; on failure saves a screenshot named after the step, then fails. */
export async function step(page, name, body) {
  try {
    return await body();
  } catch (e) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `failed-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message = `step "${name}" failed (screenshot: ${file}): ${e.message}`;
    throw e;
  }
}

/** Saves a screenshot for people to look at (not an assertion), once the map has settled. */
export async function snapshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await settled(page).catch(() => {});
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Opens the assistance form (by the button named `opener`: the header's, or a park's) and
 *  sends the least a request needs, as `company` (in Chinese). */
export async function sendSmallestRequest(page, company, opener = '申请帮办代办') {
  await page.getByRole('button', { name: opener }).click();
  await page.getByLabel('企业名称').fill(company);
  await page.getByLabel('联系人').fill('李女士');
  await page.getByLabel('联系电话').fill('13800001234');
  await page.getByLabel('所属行业').selectOption('ind-food');
  await page.getByLabel('政策咨询').check();
  await page.getByLabel('我已阅读并同意隐私声明').check();
  await page.getByRole('button', { name: '提交申请' }).click();
}

/** axe-core's violations on the app's root, formatted for an assertion message. */
export async function axeViolations(page, root = '.ysmap') {
  // Evaluated, not added as a <script> tag: the server's Content-Security-Policy (rightly)
  // blocks inline scripts it has no hash for, and evaluation from the test is not subject to it.
  if (await page.evaluate(() => typeof window.axe === 'undefined')) {
    await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  }
  const violations = await page.evaluate(async (root) => {
    const result = await window.axe.run(document.querySelector(root), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  }, root);
  return violations;
}

/** Runs SQL on the server's SQLite file (read-only) and returns rows as arrays. */
export function query(sql, ...params) {
  const script = 'import sqlite3,json,sys\n'
    + 'db=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True)\n'
    + 'print(json.dumps(db.execute(sys.argv[2],json.loads(sys.argv[3])).fetchall()))';
  const out = execFileSync('python3', ['-c', script, DB, sql, JSON.stringify(params)]);
  return JSON.parse(out.toString());
}

/** Changes the server's SQLite file (what a test cannot wait for, such as a request growing
 *  late); the server's WAL lets both write. */
export function execute(sql, ...params) {
  const script = 'import sqlite3,json,sys\n'
    + 'db=sqlite3.connect(sys.argv[1],timeout=10)\n'
    + 'db.execute(sys.argv[2],json.loads(sys.argv[3]))\n'
    + 'db.commit()';
  execFileSync('python3', ['-c', script, DB, sql, JSON.stringify(params)]);
}

/** A square PNG of one colour, made here so the tests need no image files. */
export function solidPng(size, [r, g, b]) {
  const { deflateSync } = require('node:zlib');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}
