// Draws the app's PNG icons (public/icons) from public/favicon.svg in Chromium:
//   node tools/icons.mjs            (run from end2end/; the PNGs are committed)
// "any" icons are the favicon at full size; the maskable one keeps the letter inside the
// central 80 % safe zone on a full-bleed background, as launchers crop it to a circle.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync(new URL('../../public/favicon.svg', import.meta.url), 'utf8');
const out = new URL('../../public/icons/', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [name, size, maskable] of [['icon-192', 192, false], ['icon-512', 512, false], ['maskable-512', 512, true]]) {
  await page.setViewportSize({ width: size, height: size });
  const inner = maskable
    ? `<div style="width:${size}px;height:${size}px;background:#2f5bea;display:grid;place-items:center">
         <div style="width:${size * 0.7}px;height:${size * 0.7}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></div>`
    : svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${inner}</body></html>`);
  await page.screenshot({ path: `${out}${name}.png`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`${out}${name}.png`);
}
await browser.close();
