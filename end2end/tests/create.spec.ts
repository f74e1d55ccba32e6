import { expect, test } from '@playwright/test';
import { USERS, fluent, open, ready, signIn, unique } from './helpers';

test.beforeEach(async ({ page }) => {
  await signIn(page, USERS.dispatcher.email);
  await open(page, '/requests/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
});


test('submitting an empty form says the title is required and creates nothing', async ({ page }) => {
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.locator(`.field.invalid:has(#title) .field-error`)).toHaveText('This field is required.');
  await expect(page.locator('.alert.error')).toHaveText('Please correct the highlighted fields.');
  await expect(page).toHaveURL(/\/requests\/new(\?|$)/);
  await expect(page.locator('#title')).toBeVisible();
});

test('an invalid phone gets its own message next to the phone field and nothing is saved', async ({ page }) => {
  const title = `Проверка телефона ${unique()}`;
  await page.locator('#title').fill(title);
  await page.locator('#contact_name').fill('Тест');
  await page.locator('#contact_phone').fill('12-34');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.locator('.field.invalid:has(#contact_phone) .field-error')).toHaveText(
    'Enter a phone number with 7 to 15 digits, e.g. +998 90 123 45 67.',
  );
  await expect(page.locator('.field.invalid:has(#title)')).toHaveCount(0);
  await expect(page).toHaveURL(/\/requests\/new(\?|$)/);

  await open(page, `/requests?q=${encodeURIComponent(title)}`);
  await expect(page.locator('.empty')).toContainText('No requests match these filters');
});

test('a valid urgent request opens its page with the title, "Urgent", «Новая» and "Created"', async ({ page }) => {
  const title = `Течёт кран на кухне — ${unique()}`;
  await page.locator('#title').fill(title);
  await page.locator('#description').fill('Капает из смесителя, под раковиной лужа. Жилец дома после 18:00.');
  await page.locator('#priority').selectOption({ label: 'High' });
  await page.locator('#contact_name').fill('Гульнара Рахимова');
  await page.locator('#contact_phone').fill('+998 90 123 45 67');
  await page.getByLabel('Urgent').check();
  await page.getByRole('button', { name: 'Create request' }).click();

  await page.waitForURL(/\/requests\/\d+$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const badges = page.locator('.request-head .badges');
  await expect(badges.locator('.badge.status')).toHaveText('Новая');
  await expect(badges.locator('.badge.urgent')).toHaveText('Urgent');
  await expect(badges.locator('.badge.priority')).toHaveText('High');
  await expect(page.locator('ol.timeline li')).toHaveCount(1);
  await expect(page.locator('ol.timeline li').first()).toContainText(fluent('Created in status «{}»', 'Новая'));
  await expect(page.locator('ol.timeline li').first()).toContainText(USERS.dispatcher.name);
  await expect(page.getByText('Капает из смесителя')).toBeVisible();
});
