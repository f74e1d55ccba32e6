// Screenshots of the executor's phone view (list and one request), for a visual check:
//   node tools/screens-my.mjs http://127.0.0.1:3100 /tmp/shots [theme] [lang] [width]
import { chromium } from '@playwright/test';

const [base = 'http://127.0.0.1:3000', out = '/tmp/shots', theme = 'light', lang = 'ru', width = '390'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 844 } });
const host = new URL(base).hostname;
await ctx.addCookies([
  { name: 'theme', value: theme, domain: host, path: '/' },
  { name: 'lang', value: lang, domain: host, path: '/' },
]);
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('page error:', e.message));
await page.goto(`${base}/login`);
await page.fill('#email', 'executor@demo.local');
await page.fill('#password', 'demo');
await page.click('button[type=submit]');
await page.waitForURL(/\/(requests|my)/);
const tag = `${width}-${theme}-${lang}`;
await page.goto(`${base}/my`);
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/my-${tag}.png`, fullPage: true });
const href = await page.locator('a.my-card').first().getAttribute('href');
if (href) {
  await page.goto(`${base}${href}`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/my-request-${tag}.png`, fullPage: true });
}
await browser.close();
