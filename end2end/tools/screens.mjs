// Takes screenshots of the main pages for a visual check:
//   node tools/screens.mjs http://127.0.0.1:3100 /tmp/shots [email] [width] [theme] [lang]
import { chromium } from '@playwright/test';

const [base = 'http://127.0.0.1:3000', out = '/tmp/shots', email = 'dispatcher@demo.local', width = '1366', theme = 'light', lang = 'ru', js = 'on'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 900 }, javaScriptEnabled: js === 'on' });
const host = new URL(base).hostname;
await ctx.addCookies([
  { name: 'theme', value: theme, domain: host, path: '/' },
  { name: 'lang', value: lang, domain: host, path: '/' },
]);
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
page.on('pageerror', (e) => console.log('page error:', e.message));
const tag = `${width}-${theme}-${lang}-${js}`;
await page.goto(`${base}/login`);
await page.screenshot({ path: `${out}/login-${tag}.png`, fullPage: true });
await page.fill('#email', email);
await page.fill('#password', 'demo');
await page.click('button[type=submit]');
await page.waitForURL(/\/requests/);
for (const [name, path] of [['list', '/requests'], ['filtered', '/requests?open=1&sort=-priority'], ['new', '/requests/new'], ['detail', '/requests/3'], ['account', '/account'], ['users', '/admin/users'], ['empty', '/requests?q=zzzzzz'], ['dashboard', '/dashboard/sla'], ['sla-settings', '/settings/sla'], ['distribution', '/settings/distribution'], ['distribution-stats', '/settings/distribution/stats']]) {
  await page.goto(`${base}${path}`);
  await page.waitForTimeout(js === 'on' ? 700 : 50);
  await page.screenshot({ path: `${out}/${name}-${tag}.png`, fullPage: name !== 'list' });
}
await browser.close();
