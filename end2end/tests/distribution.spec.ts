import { expect, test, type Page } from '@playwright/test';
import { USERS, fluent, open, ready, signIn, unique } from './helpers';

test('the dispatcher assigns a request automatically and the timeline says why', async ({ page }) => {
  // The demo's loads depend on the time it was generated at: give the lift team room first.
  await signIn(page, USERS.manager.email);
  for (const name of ['Виктор Пак', 'Игорь Соколов']) {
    await open(page, '/settings/distribution');
    const row = page.locator('form.staff-row', { hasText: name });
    await row.locator('input[name=max_load]').fill('900');
    await row.getByRole('button', { name: 'Save' }).click();
    // The load cell (open/max) is text the server renders, so a browser restoring form fields
    // cannot make it pass; wait for the save before leaving the page.
    await expect(loadCell(page, name)).toHaveText(/\/900$/);
    await open(page, `/settings/distribution?seen=${unique()}`);
    await expect(loadCell(page, name)).toHaveText(/\/900$/);
  }
  await page.context().clearCookies();
  await signIn(page, USERS.dispatcher.email);
  await open(page, '/requests/new');
  const title = `Лифт застрял на 7 этаже — ${unique()}`;
  await page.locator('#title').fill(title);
  await page.locator('#category_id').selectOption({ label: 'Лифт' });
  await page.locator('#contact_name').fill('Тимур Ахмедов');
  await page.locator('#contact_phone').fill('+998 90 765 00 11');
  await page.getByRole('button', { name: 'Create request' }).click();
  await page.waitForURL(/\/requests\/\d+$/);
  await ready(page);

  await expect(page.locator('.assignee-now')).toContainText('Unassigned');
  await page.getByTestId('auto-assign').click();
  const event = page.locator('ol.timeline li.assigned').first();
  await expect(event).toContainText('Assigned automatically to');
  await expect(page.locator('.assignee-now strong')).toBeVisible();
  await expect(page.getByTestId('auto-assign')).toHaveCount(0);
  // The reasons: every member of the lift team with weight, load and chance.
  await event.locator('summary').click();
  await expect(event.locator('summary')).toContainText(fluent('Why: {}', 'Weighted random'));
  await expect(event.locator('table.reason-table tbody tr')).toHaveCount(2);
  await expect(event.locator('tr.chosen')).toHaveCount(1);
});

test('a manager changes a weight and a max load on the distribution page', async ({ page }) => {
  await signIn(page, USERS.manager.email);
  await open(page, '/settings/distribution');
  await expect(page.getByRole('heading', { level: 1, name: 'Distribution' })).toBeVisible();
  // Each project edits its own rule and executor (they run in parallel).
  const hydrated = test.info().project.name === 'hydrated';
  const rule = page.locator('section.rule', { hasText: hydrated ? 'Уборка' : 'Электрика' }).first();
  const weight = rule.locator('table.weights input[type=number]').first();
  const value = String(3 + Math.floor(Math.random() * 90));
  await weight.fill(value);
  // A save reloads the page's data and renders the forms again: wait for that reload.
  const reloaded = hydrated
    ? page.waitForResponse((r) => r.url().includes('get_distribution_settings'))
    : null;
  await rule.getByRole('button', { name: 'Save' }).click();
  await reloaded;
  await ready(page);
  await expect(
    page.locator('section.rule', { hasText: hydrated ? 'Уборка' : 'Электрика' }).first()
      .locator('table.weights input[type=number]').first(),
  ).toHaveValue(value);

  // A bad max load is refused next to the field; nothing changes.
  const person = hydrated ? 'Олег Козлов' : 'Шухрат Алиев';
  const row = page.locator('form.staff-row', { hasText: person });
  const before = await row.locator('input[name=max_load]').inputValue();
  await row.locator('input[name=max_load]').fill('5000');
  await row.getByRole('button', { name: 'Save' }).click();
  if (hydrated) {
    const refused = page.locator('form.staff-row', { hasText: person })
      .locator('.field-error', { hasText: 'Enter a whole number from 0 to 1000.' });
    await expect(refused).toBeVisible();
    // Another form's save reloads the page and renders every form again: this error stays.
    const again = page.waitForResponse((r) => r.url().includes('get_distribution_settings'));
    await page.locator('section.rule', { hasText: 'Уборка' }).first().getByRole('button', { name: 'Save' }).click();
    await again;
    await ready(page);
    await expect(refused).toBeVisible();
  }
  // A fresh page (another URL, so the browser restores no typed value) shows the stored maximum.
  await open(page, `/settings/distribution?seen=${unique()}`);
  await expect(loadCell(page, person)).toHaveText(new RegExp(`/${before}$`));
  await expect(page.locator('form.staff-row', { hasText: person }).locator('input[name=max_load]')).toHaveValue(before);

  await page.getByRole('link', { name: 'Statistics' }).click();
  await page.waitForURL(/\/settings\/distribution\/stats/);
  await expect(page.getByRole('heading', { level: 1, name: 'Distribution statistics' })).toBeVisible();
  await expect(page.locator('section[data-rule]').first()).toContainText('automatic assignments in the period');
});

test('bulk: twenty selected rows get one assignee, each with its own event', async ({ page, request }) => {
  const token = process.env.UPRAVA_TOKEN_DEMO;
  expect(token, 'make e2e creates REST tokens').toBeTruthy();
  const tag = unique();
  for (let i = 0; i < 20; i++) {
    const res = await request.post('/api/v1/requests', {
      headers: { Authorization: `Bearer ${token}` },
      data: { title: `Массовое назначение ${tag} №${i}`, contact: { name: 'Житель', phone: '+998 90 555 44 33' } },
    });
    expect(res.status()).toBe(201);
  }
  await signIn(page, USERS.dispatcher.email);
  await open(page, `/requests?q=${encodeURIComponent(tag)}&per_page=50`);
  const rows = page.locator('table.requests tbody tr');
  await expect(rows).toHaveCount(20);
  // Without JavaScript the header box does nothing: tick each row (works both ways).
  for (const box of await page.locator('td.select input[type=checkbox]').all()) await box.check();
  await page.locator('details.bulk summary').click();
  const picker = page.locator('#bulk select[name="form[assignee_id]"]');
  const petrov = await picker.locator('option', { hasText: 'Алексей Петров' }).getAttribute('value');
  await picker.selectOption(petrov!);
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.getByTestId('bulk-result')).toContainText(fluent('Changed {} requests.', '20'));
  }
  await open(page, `/requests?q=${encodeURIComponent(tag)}&per_page=50`);
  await expect(page.locator('table.requests tbody tr', { hasText: 'Алексей Петров' })).toHaveCount(20);
});

/** The executor's "open/max" cell on the distribution page's staff table. */
function loadCell(page: Page, name: string) {
  return page.locator('form.staff-row', { hasText: name }).locator('span.num[role=cell]');
}
