import { launch, open, PHONE, DESKTOP } from './browser.mjs';
const browser = await launch();
const url = 'http://127.0.0.1:18080/?ysmap=view%3Dshortlist%26cmp%3Dfac-industrial-factory-1%26cmp%3Dfac-industrial-factory-2%26cmp%3Dfac-industrial-factory-5%26cmp%3Dfac-agri-factory-1';
for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  const page = await open(browser, { viewport, url });
  await page.waitForTimeout(500);
  await page.locator('.ysmap-compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shots/table-${name}.png` });
  console.log(page.errors);
}
await browser.close();
