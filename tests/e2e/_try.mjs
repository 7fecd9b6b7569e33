import { launch, open, PHONE, DESKTOP } from './browser.mjs';
const browser = await launch();
for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  const page = await open(browser, { viewport });
  await page.locator('.ysmap-nav button', { hasText: '找载体' }).click();
  await page.getByRole('button', { name: /工业园 1 号标准化厂房/ }).click();
  await page.locator('.ysmap-cost details summary').click();
  await page.waitForTimeout(300);
  await page.locator('.ysmap-facility').screenshot({ path: `/tmp/shots/card-${name}.png` });
  await page.getByRole('button', { name: '加入备选' }).click();
  await page.getByRole('button', { name: /工业园 2 号标准化厂房/ }).click();
  await page.getByRole('button', { name: '加入备选' }).click();
  await page.getByRole('button', { name: /工业园 5 号标准化厂房/ }).click();
  await page.getByRole('button', { name: '加入备选' }).click();
  await page.locator('.ysmap-nav button', { hasText: '备选' }).click();
  const boxes = page.getByRole('checkbox', { name: '对比' });
  for (let i = 0; i < 3; i++) await boxes.nth(i).check();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shots/compare-${name}.png`, fullPage: name === 'phone' });
  console.log(page.url(), page.errors);
}
await browser.close();
