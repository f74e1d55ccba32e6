import { expect, test, type Browser, type Page } from '@playwright/test';
import { USERS, apiCreate, executorId, fluent, jsEnabled, newContext, open, pngBytes, ready, signIn, unique } from './helpers';

// The executor's working day on a phone: their requests by urgency, one request's status,
// comment and photo, and — with JavaScript — the app working without a connection.

const PHONE = { width: 390, height: 844 };

/** The dispatcher creates a request assigned to the demo executor (through the API); returns its id. */
async function assignedRequest(browser: Browser, title: string, urgent = false): Promise<number> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    await signIn(page, USERS.dispatcher.email);
    return await apiCreate(page.request, title, await executorId(page), { urgent });
  } finally {
    await ctx.close();
  }
}

async function executorOnPhone(page: Page) {
  await page.setViewportSize(PHONE);
  await signIn(page, USERS.executor.email);
  await open(page, '/my');
}

const status = (page: Page) => page.locator('.my-request header .badge.status');

test('an executor works a request from the phone: list, status, comment, photo', async ({ page, browser }) => {
  const title = `Течёт кран на кухне — ${unique()}`;
  const id = await assignedRequest(browser, title, true);
  await executorOnPhone(page);

  // The list: their requests, urgent first; the new one is urgent, so it is near the top.
  const cards = page.locator('ul.my-list li a.my-card');
  const card = cards.filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(card.locator('.badge.urgent')).toBeVisible();
  const urgent = await cards.evaluateAll((els) => els.map((e) => e.classList.contains('urgent')));
  expect(urgent.indexOf(false) === -1 || urgent.lastIndexOf(true) < urgent.indexOf(false)).toBe(true);
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  await card.click();
  await page.waitForURL(new RegExp(`/my/${id}$`));
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(status(page)).toHaveText('Новая');

  // A status change with the big buttons; rejecting needs a comment.
  await page.getByRole('button', { name: 'Отклонена' }).click();
  await expect(page.locator('#status-comment-error')).toHaveText(fluent('{} is required for this status.', 'Comment'));
  await expect(status(page)).toHaveText('Новая');
  await ready(page);
  await page.getByRole('button', { name: 'Назначена' }).click();
  await expect(status(page)).toHaveText('Назначена');
  await ready(page);
  await page.getByRole('button', { name: 'В работе' }).click();
  await expect(status(page)).toHaveText('В работе');
  await ready(page);

  // A comment.
  const text = `Заменил прокладку (${unique()})`;
  await page.locator('#comment-body').fill(text);
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.locator('#comments ul.comments li', { hasText: text })).toBeVisible();
  await ready(page);

  // A photo: only images; the one taken appears under Photos.
  if (jsEnabled()) {
    await page.locator('#photo').setInputFiles({ name: 'акт.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await expect(page.locator('#photo-error')).toHaveText(/Only photos can be attached here/);
    await page.locator('#photo').setInputFiles({ name: 'кран.png', mimeType: 'image/png', buffer: pngBytes(64) });
    await expect(page.locator('.upload-done')).toHaveText('Photo uploaded.');
    await expect(page.locator('#photos ul.photos img')).toHaveCount(1);
  } else {
    // Without JavaScript the form is sent as is and the server checks it.
    await page.locator('#photo').setInputFiles({ name: 'акт.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await page.locator('#photos button[type=submit]').click();
    await expect(page.locator('#photo-error')).toHaveText(/Only photos can be attached here/);
    await page.locator('#photo').setInputFiles({ name: 'кран.png', mimeType: 'image/png', buffer: pngBytes(64) });
    await page.locator('#photos button[type=submit]').click();
    await expect(page.locator('#photos ul.photos img')).toHaveCount(1);
  }
  // The photo itself loads and is the one sent (64 px wide). Polled, each time in the page as
  // it is then: waiting for a `load` event of one element hung past the test's time once, in a
  // full run without JavaScript (session 21), where a form post replaces the page.
  await expect
    .poll(() => page.locator('#photos ul.photos img').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBe(64);
});

test.describe('offline', () => {
  test.skip(() => !jsEnabled(), 'the service worker and the outbox run in the browser');

  test('installable, opens without a connection, and a status change made offline is sent when back online', async ({ page, browser, context }) => {
    // The longest flow of the suite (three browsers, going offline and back, five reloads):
    // 19-25 s alone, past the default 30 s once under a full parallel run.
    test.setTimeout(60_000);
    const title = `Не горит свет в подъезде — ${unique()}`;
    const id = await assignedRequest(browser, title);
    await executorOnPhone(page);

    // Installable: a manifest with icons, and a service worker controlling the page.
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(icon.src)).ok()).toBe(true);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await open(page, `/my/${id}`);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await open(page, '/my');
    await expect(page.locator('a.my-card', { hasText: title })).toHaveCount(1);

    // Offline: the pages open from the cache and hydrate.
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await expect(page.locator('a.my-card', { hasText: title })).toHaveCount(1);
    await page.locator('a.my-card', { hasText: title }).click();
    await page.waitForURL(new RegExp(`/my/${id}$`));
    await ready(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    // A page never opened here says so (from the service worker, not the server).
    const unseen = await page.context().newPage();
    await unseen.goto('/my/999999999');
    await expect(unseen.getByRole('heading', { level: 1 })).toHaveText('No connection');
    await unseen.close();

    // A change made offline waits, marked pending, and survives a reload.
    await page.getByRole('button', { name: 'Назначена' }).click();
    await expect(page.locator('.my-request .pending-mark')).toHaveText(fluent('Waiting to send: {}', 'Назначена'));
    await expect(status(page)).toHaveText('Новая');
    await expect(page.getByRole('button', { name: 'Отклонена' })).toBeDisabled();
    await page.reload();
    await ready(page);
    await expect(page.locator('.my-request .pending-mark')).toHaveText(fluent('Waiting to send: {}', 'Назначена'));
    await page.goto('/my');
    await ready(page);
    await expect(page.locator('a.my-card', { hasText: title }).locator('.pending-mark')).toBeVisible();
    await expect(page.locator('.outbox-waiting')).toBeVisible();

    // Back online: sent by itself, the mark goes, and the server has it.
    await context.setOffline(false);
    await expect(page.locator('a.my-card', { hasText: title }).locator('.pending-mark')).toHaveCount(0, { timeout: 10_000 });
    await expect(page.locator('a.my-card', { hasText: title }).locator('.badge.status')).toHaveText('Назначена');
    await open(page, `/my/${id}`);
    await expect(status(page)).toHaveText('Назначена');
    await expect(page.locator('.pending-mark')).toHaveCount(0);
  });
});
