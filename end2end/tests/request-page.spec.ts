import { expect, test, type Page } from '@playwright/test';
import { USERS, createRequest, fluent, pngBytes, signIn, unique } from './helpers';

const EXECUTOR = USERS.executor.name; // Сергей Иванов

test.beforeEach(async ({ page }) => {
  await signIn(page, USERS.dispatcher.email);
  await createRequest(page, `Не работает домофон — ${unique()}`, {
    description: 'Домофон в подъезде не открывает дверь.',
  });
  await expect(page.locator('.request-head .badge.status')).toHaveText('Новая');
});

const statusPanel = (page: Page) => page.locator('section.card', { has: page.locator('#status_id') });
const assignPanel = (page: Page) => page.locator('section.card', { has: page.locator('#assignee_id') });

async function changeStatus(page: Page, name: string) {
  await page.locator('#status_id').selectOption({ label: name });
  await statusPanel(page).getByRole('button', { name: 'Apply' }).click();
}

test('«Назначена» without an assignee says an assignee is required', async ({ page }) => {
  await changeStatus(page, 'Назначена');
  await expect(statusPanel(page).locator('.alert.error')).toContainText(
    fluent('{} is required for this status.', 'Assignee'),
  );
  await expect(page.locator('.request-head .badge.status')).toHaveText('Новая');
  await expect(page.locator('ol.timeline li')).toHaveCount(1);
});

test('assigning Сергей Иванов and moving to «Назначена» shows in the badge and the timeline', async ({ page }) => {
  const option = page.locator('#assignee_id option', { hasText: EXECUTOR });
  await expect(option).toHaveText(new RegExp(`${EXECUTOR}\\s*·\\s*\\d+/\\d+`));
  await page.locator('#assignee_id').selectOption((await option.getAttribute('value'))!);
  await assignPanel(page).getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.locator('.assignee-now')).toHaveText(EXECUTOR);

  await changeStatus(page, 'Назначена');
  await expect(page.locator('.request-head .badge.status')).toHaveText('Назначена');
  const timeline = page.locator('ol.timeline li');
  await expect(timeline.first()).toContainText('Status Новая → Назначена');
  await expect(timeline.filter({ hasText: fluent('Assigned to {}', EXECUTOR) })).toHaveCount(1);
  await expect(statusPanel(page).locator('.alert.error')).toHaveCount(0);
});

test('a comment appears with its author', async ({ page }) => {
  const text = `Позвонил жильцу, мастер придёт завтра в 10:00 (${unique()})`;
  await page.locator('#comment-body').fill(text);
  await page.getByRole('button', { name: 'Add comment' }).click();
  const comment = page.locator('#comments ul.comments li', { hasText: text });
  await expect(comment).toBeVisible();
  await expect(comment.locator('.meta strong')).toHaveText(USERS.dispatcher.name);
  await expect(page.locator('ol.timeline li').first()).toContainText('Comment: «');
});

test('an attached PNG is listed under Attachments and its image loads', async ({ page }) => {
  await page.locator('#file').setInputFiles({ name: 'фото-течи.png', mimeType: 'image/png', buffer: pngBytes() });
  await page.locator('#attachments form.upload button[type=submit]').click();
  const item = page.locator('#attachments ul.files li', { hasText: 'фото-течи.png' });
  await expect(item).toBeVisible();
  const src = await item.locator('img.thumb').getAttribute('src');
  expect(src).toMatch(/^\/files\/\d+$/);
  const res = await page.request.get(src!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  expect((await res.body()).equals(pngBytes())).toBe(true);
  await expect(page.locator('ol.timeline li').first()).toContainText(fluent('Attached {}', 'фото-течи.png'));
});

test('attaching an .exe shows the file-type error', async ({ page }) => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90)]);
  await page.locator('#file').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: exe });
  await page.locator('#attachments form.upload button[type=submit]').click();
  await expect(page.locator('#attachments .alert.error')).toHaveText(
    'This file type is not allowed: attach photos, PDF, text or office documents.',
  );
  await expect(page.locator('#attachments')).toContainText('No files attached.');
});
