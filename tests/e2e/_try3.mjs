import { launch, open, settled, PHONE, DESKTOP } from './browser.mjs';
const browser = await launch();
const page = await open(browser);
console.log('start', page.url(), await settled(page));
await page.getByRole('button', { name: '放大', exact: true }).click();
await page.getByRole('button', { name: '放大', exact: true }).click();
const z = await settled(page);
await page.waitForTimeout(800);
console.log('after', page.url(), z);
const url = page.url();
const p2 = await open(browser, { url });
console.log('fresh', await settled(p2), p2.url());
// a park chosen then the map moved
await p2.locator('.ysmap-nav button', { hasText: '园区' }).click();
console.log(page.errors, p2.errors);
await browser.close();
