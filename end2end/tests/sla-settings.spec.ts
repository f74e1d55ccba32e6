import { expect, test, type Locator, type Page } from '@playwright/test';
import { USERS, fluent, jsEnabled, open, ready, signIn, unique } from './helpers';

// The two projects run in parallel and both edit a stage's working hours, so each takes its
// own company: JavaScript off edits the shop's first stage, hydrated the property company's.
function company() {
  return jsEnabled()
    ? { user: USERS.manager.email, token: process.env.UPRAVA_TOKEN_DEMO, stage: 'Новые' }
    : { user: USERS.shop.email, token: process.env.UPRAVA_TOKEN_SHOP, stage: 'Нові' };
}

/** The working-hours card with the stage's tab open. */
async function stageHours(page: Page, stage: string) {
  await open(page, '/settings/sla');
  await page.locator('#working-hours nav.tabs a', { hasText: stage }).click();
  await expect(page.locator('#working-hours nav.tabs a[aria-current=page]')).toContainText(stage);
  // Where the tab is a page load (islands mode), its forms work once the page has hydrated.
  await ready(page);
  return page.locator('#working-hours');
}

/** The stage now has working hours of its own (what the page says after saving, with or
 * without JavaScript). */
async function saved(page: Page) {
  await expect(page.locator('#working-hours')).toContainText('This stage has its own working hours.');
  if (jsEnabled()) await expect(page.locator('#working-hours .alert.success')).toContainText('Saved.');
}

/** Visible text without Fluent's isolation marks around interpolated values. */
async function text(l: Locator): Promise<string> {
  return (await l.innerText()).replace(/[\u2068\u2069]/g, '');
}

/** The stage target's clock on the request page and the explanation of its open interval. */
function sla(page: Page, stage: string) {
  return {
    clock: page.locator('.sla-panel .sla', { hasText: fluent('Stage «{}»', stage) }),
    open: page.locator('#sla-explain li.open'),
  };
}

test('changing working hours in settings changes the countdown and the explanation', async ({ page, request }) => {
  const { user, token, stage } = company();
  expect(token, 'make e2e creates REST tokens (UPRAVA_TOKEN_DEMO, UPRAVA_TOKEN_SHOP)').toBeTruthy();
  // A request that arrived three hours ago and still waits in the pipeline's first stage.
  const title = `Часы работы ${unique()}`;
  const createdAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3600_000);
  const res = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: { title, created_at: createdAt.toISOString() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const row = await res.json();
  expect(row.status.stage_name).toBe(stage);

  await signIn(page, user);
  try {
    // 1. No working hours at all for this stage: the clock stands still and says so. Its days
    // off go too: "24/7" below keeps a calendar's exceptions, and the property company's
    // holidays (8 December, Tashkent time) would otherwise stop its clock on those days.
    const hours = await stageHours(page, stage);
    for (const input of await hours.locator('table.week input').all()) await input.fill('');
    for (const drop of await hours.locator('table.exceptions input[type=checkbox]').all()) await drop.check();
    await hours.getByRole('button', { name: 'Save working hours' }).click();
    await saved(page);

    await open(page, `/requests/${row.id}`);
    let s = sla(page, stage);
    await expect(s.clock.locator('.off-hours')).toHaveAttribute('title', /no working time ahead/);
    // Nothing used, so not over (the shop calls the last hour "near").
    await expect(s.clock).not.toHaveAttribute('data-state', 'over');
    await expect.poll(() => text(s.open)).toMatch(/\b0 m working of 3 h( 1 m)?$/m);
    // The list row's badge agrees.
    await open(page, `/requests?q=${encodeURIComponent(title)}`);
    await expect(page.locator('table.requests tbody tr')).toHaveCount(1);
    await expect(page.locator('table.requests tbody tr .sla .off-hours').first()).toBeVisible();

    // 2. Around the clock: the three hours count, the stage's limit is long gone.
    await (await stageHours(page, stage)).getByRole('button', { name: '24/7' }).click();
    await saved(page);

    await open(page, `/requests/${row.id}`);
    s = sla(page, stage);
    await expect(s.clock.locator('.off-hours')).toHaveCount(0);
    await expect(s.clock).toHaveAttribute('data-state', 'over');
    await expect.poll(() => text(s.clock)).toMatch(/over by \d+ h/);
    await expect.poll(() => text(s.open)).toMatch(/\b3 h( 1 m)? working of 3 h( 1 m)?$/m);
    await open(page, `/requests?q=${encodeURIComponent(title)}`);
    await expect(page.locator('table.requests tbody tr .sla[data-state=over]').first()).toBeVisible();
    await expect(page.locator('table.requests tbody tr .sla .off-hours')).toHaveCount(0);
  } finally {
    // Back to the company's working hours, for the other specs.
    const hours = await stageHours(page, stage);
    const reset = hours.getByRole('button', { name: "Use the company's working hours for this stage" });
    if (await reset.count()) await reset.click();
  }
});
