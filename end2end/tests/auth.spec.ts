import { expect, test } from '@playwright/test';
import { USERS, open, ready, signIn, submitLogin } from './helpers';

/** The `next` parameter of the sign-in page we were sent to. */
function nextParam(url: string): string | null {
  const u = new URL(url);
  return u.pathname === '/login' ? u.searchParams.get('next') : null;
}

// executive@ signs in only in this file, so its failed attempts never pile up towards the
// per-account throttle (a success resets the count).
const user = USERS.executive;

test('a wrong password shows "Wrong e-mail or password." and stays on sign-in', async ({ page }) => {
  await open(page, '/login');
  await submitLogin(page, user.email, 'not-the-password');
  await expect(page.locator('.alert.error')).toHaveText('Wrong e-mail or password.');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator('#password')).toBeVisible();
});

test('the right password opens the requests list with the user name in the header', async ({ page }) => {
  await signIn(page, user.email);
  await expect(page).toHaveURL(/\/requests$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  await expect(page.locator('header .user-menu .user-name')).toHaveText(user.name);
});

test('a protected page asks to sign in and comes back to it afterwards', async ({ page }) => {
  await page.goto('/requests?priority=high');
  await expect.poll(() => nextParam(page.url())).toBe('/requests?priority=high');
  await submitLogin(page, user.email);
  await page.waitForURL(/\/requests\?priority=high$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  await expect(page.locator('table.requests tbody tr .badge.priority').first()).toHaveText('High');
});

test('signing out returns to sign-in and the list then asks to sign in again', async ({ page }) => {
  await signIn(page, user.email);
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.goto('/requests');
  await expect.poll(() => nextParam(page.url())).toBe('/requests');
});
