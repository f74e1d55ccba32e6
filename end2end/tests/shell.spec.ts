import { expect, test } from '@playwright/test';
import { USERS, jsEnabled, ready, rows, signIn } from './helpers';

const h1 = (page: import('@playwright/test').Page) => page.getByRole('heading', { level: 1 });

test('RU switches the interface to Russian and UK to Ukrainian', async ({ page }) => {
  await signIn(page, USERS.dispatcher.email);
  await expect(h1(page)).toHaveText('Requests');

  await page.locator('nav.langs').getByRole('link', { name: 'RU' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page).toHaveURL(/\/requests$/);
  await ready(page);
  await expect(h1(page)).toHaveText('Заявки');
  await expect(page.getByRole('link', { name: 'Новая заявка' }).first()).toBeVisible();
  await expect(page.locator('form.filters .search button')).toHaveText('Применить');

  await page.locator('nav.langs').getByRole('link', { name: 'UK' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
  await ready(page);
  await expect(h1(page)).toHaveText('Заявки');
  await expect(page.getByRole('link', { name: 'Нова заявка' }).first()).toBeVisible();
  await expect(page.locator('form.filters .search button')).toHaveText('Застосувати');
});

test('the theme toggle switches between dark and light', async ({ page }) => {
  await signIn(page, USERS.dispatcher.email);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
  await page.getByRole('link', { name: 'Switch light / dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page).toHaveURL(/\/requests$/);
  await ready(page);
  await page.getByRole('link', { name: 'Switch light / dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('at phone width the sidebar is hidden and the menu button opens it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, USERS.dispatcher.email);
  const sidebar = page.locator('aside.sidebar');
  const menu = page.locator('label.menu-button[for="nav-toggle"]');
  await expect(menu).toBeVisible();
  await expect(sidebar).not.toBeInViewport();
  await menu.click();
  await expect(sidebar).toBeInViewport({ ratio: 0.9 });
  await sidebar.getByRole('link', { name: 'New request' }).click();
  await page.waitForURL(/\/requests\/new$/);
  await ready(page);
  await expect(h1(page)).toHaveText('New request');
});

test('an admin switches company to the shop with the company select', async ({ page }) => {
  await signIn(page, USERS.admin.email);
  const select = page.locator('#company-select');
  await expect(select.locator('option:checked')).toHaveText('УК «Уютный дом»');
  await select.selectOption({ label: 'Інтернет-магазин «Лавка»' });
  if (!jsEnabled()) {
    await page.locator('form.company-switcher').getByRole('button', { name: 'Switch' }).click();
  }
  await expect(select.locator('option:checked')).toHaveText('Інтернет-магазин «Лавка»');
  await expect(page).toHaveURL(/\/requests$/);
  await ready(page);
  await expect(rows(page).first()).toBeVisible();
  // The shop's pipeline, not the property company's.
  const statuses = rows(page).locator('.badge.status');
  await expect(statuses.filter({ hasText: /^(Новая|Назначена|В работе|Выполнена|Закрыта)$/ })).toHaveCount(0);
});
