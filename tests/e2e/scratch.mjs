import { launch, BASE, DESKTOP, PHONE, ARTIFACTS } from './browser.mjs';
const b = await launch();
for (const [vp, n] of [[DESKTOP, 'desk'], [PHONE, 'phone']]) {
  const page = await (await b.newContext({ viewport: vp, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (e) => console.log('err', String(e)));
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  await page.goto(new URL('demo/portal.html', BASE).href);
  await page.locator('[data-ysmap] .ysmap-map[data-map-ready]').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${ARTIFACTS}/scr-portal-${n}.png`, fullPage: true });
  console.log(n, await page.locator('[data-ysmap] .ysmap-map[data-map-ready]').count());
}
await b.close();
