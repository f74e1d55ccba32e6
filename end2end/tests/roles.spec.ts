import { expect, test, type Page } from '@playwright/test';
import { USERS, createRequest, newContext, open, ready, rows, signIn, submitLogin, unique } from './helpers';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

test('a viewer sees the list but no "New request" and no status or assignment forms', async ({ page }) => {
  await signIn(page, USERS.viewer.email);
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'New request' })).toHaveCount(0);

  await rows(page).first().locator('td.title a').click();
  await page.waitForURL(/\/requests\/\d+$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Change status' })).toHaveCount(0);
  await expect(page.locator('#status_id')).toHaveCount(0);
  await expect(page.locator('#assignee_id')).toHaveCount(0);
  await expect(page.locator('#comment-body')).toHaveCount(0);
  await expect(page.locator('#file')).toHaveCount(0);
});

test('an executor sees only requests assigned to them and a "My requests" item', async ({ page }) => {
  await signIn(page, USERS.executor.email);
  await expect(nav(page).getByRole('link', { name: 'My requests' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'New request' })).toHaveCount(0);
  await expect(rows(page).first()).toBeVisible();
  const assignees = rows(page).locator('td:nth-child(6)');
  expect(await assignees.count()).toBeGreaterThan(0);
  await expect(assignees.filter({ hasNotText: USERS.executor.name })).toHaveCount(0);

  await nav(page).getByRole('link', { name: 'My requests' }).click();
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.locator('ul.my-list li').first()).toBeVisible();
});

/** The first sign-in with a one-time password: the notice, then a new password of one's own. */
async function firstSignIn(page: Page, email: string, otp: string) {
  await open(page, '/login');
  await submitLogin(page, email, otp);
  await page.waitForURL(/\/account\?first=1$/);
  await ready(page);
  await expect(page.locator('.alert.info')).toHaveText(
    'You signed in with a one-time password. Please choose your own password.',
  );
  await page.locator('#current_password').fill(otp);
  await page.locator('#new_password').fill('Новый-пароль-2026');
  await page.locator('#confirm').fill('Новый-пароль-2026');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('.alert.success')).toHaveText(
    'Your password was changed. Other sessions were signed out.',
  );
}

test('an admin invites a user, who signs in with the one-time password and chooses a new one', async ({ page, browser }) => {
  const email = `invited-${unique()}@example.com`;
  await signIn(page, USERS.admin.email);
  await open(page, '/admin/users');
  await page.locator('#invite-name').fill('Тимур Новиков');
  await page.locator('#invite-email').fill(email);
  await page.locator('#invite-role').selectOption('viewer');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const otp = page.locator('code.otp');
  await expect(otp).toHaveText(/^\S{8,}$/);
  await expect(page.locator('table.users tr', { hasText: email })).toBeVisible();
  const password = (await otp.textContent())!.trim();

  const invited = await newContext(browser);
  try {
    await firstSignIn(await invited.newPage(), email, password);
  } finally {
    await invited.close();
  }
});

test("the shop never sees the demo company's requests", async ({ page, browser }) => {
  const title = `Запах газа в подвале ${unique()}`;
  await signIn(page, USERS.dispatcher.email);
  await createRequest(page, title);
  await open(page, `/requests?q=${encodeURIComponent(title)}`);
  await expect(rows(page)).toHaveCount(1);
  const id = new URL(await rows(page).first().locator('td.num a').evaluate((a) => (a as HTMLAnchorElement).href)).pathname;

  const shop = await newContext(browser);
  try {
    const shopPage = await shop.newPage();
    await signIn(shopPage, USERS.shop.email);
    await shopPage.locator('#q').fill(title);
    await shopPage.locator('form.filters .search').getByRole('button', { name: 'Apply' }).click();
    await expect(shopPage).toHaveURL(/[?&]q=/);
    await expect(shopPage.locator('.empty')).toContainText('No requests match these filters');
    await expect(rows(shopPage)).toHaveCount(0);
    // Its page is not there either.
    await open(shopPage, id);
    await expect(shopPage.getByText(title)).toHaveCount(0);
    await expect(shopPage.locator('.alert.error')).toHaveText('Not found.');
  } finally {
    await shop.close();
  }
});
