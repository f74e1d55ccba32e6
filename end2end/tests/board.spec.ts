import { expect, test, type Page } from '@playwright/test';
import { USERS, apiCreate as create, executorId, jsEnabled, open, ready, signIn, unique } from './helpers';

const column = (page: Page, status: string) => page.locator(`section.board-col[aria-label="${status}"]`);
const card = (page: Page, id: number) => page.locator(`li.board-card[data-request="${id}"]`);

async function drag(page: Page, id: number, status: string) {
  const handle = card(page, id).locator('.handle');
  // A live refresh right after the page opens (the stream replaying what changed since it was
  // rendered) can render the card anew while it is measured: measure again then. Once the
  // pointer is down, refreshes wait for the drop.
  let from: { x: number; y: number; width: number; height: number } | null = null;
  let to: typeof from = null;
  await expect(async () => {
    await handle.scrollIntoViewIfNeeded({ timeout: 1_000 });
    from = await handle.boundingBox();
    to = await column(page, status).boundingBox();
    expect(from && to).toBeTruthy();
  }).toPass({ timeout: 5_000 });
  from = from!;
  to = to!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 12 });
  await page.mouse.up();
}

test.describe('hydrated board', () => {
  test.skip(() => !jsEnabled(), 'dragging needs JavaScript');

  test('a dragged card moves, and a disallowed move snaps back with its reason', async ({ page, request }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const ok = await create(request, `Доска: перенос ${tag}`, me);
    const no = await create(request, `Доска: запрет ${tag}`);
    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    await expect(column(page, 'Новая').locator('li.board-card')).toHaveCount(2);

    await drag(page, ok, 'Назначена');
    await expect(column(page, 'Назначена').locator(`li[data-request="${ok}"]`)).toBeVisible();
    await expect(page.getByTestId('board-announce')).toContainText('Назначена');
    await page.reload();
    await ready(page);
    await expect(column(page, 'Назначена').locator(`li[data-request="${ok}"]`)).toBeVisible();

    // «В работе» is not allowed from «Новая»: back it comes, with the reason.
    await drag(page, no, 'В работе');
    await expect(page.getByTestId('board-error')).toContainText('This status change is not allowed');
    await expect(column(page, 'Новая').locator(`li[data-request="${no}"]`)).toBeVisible();
  });

  test('a card dragged in one browser moves in another within a second, without reloading', async ({ page, request, browser }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const id = await create(request, `Доска: два окна ${tag}`, me);
    const other = await browser.newContext();
    const b = await other.newPage();
    await signIn(b, USERS.manager.email);
    await open(b, `/board?q=${encodeURIComponent(tag)}`);
    await expect(column(b, 'Новая').locator(`li[data-request="${id}"]`)).toBeVisible();

    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    await drag(page, id, 'Назначена');
    await expect(column(b, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible({ timeout: 1_000 });
    await other.close();
  });

  test('the keyboard moves a card: focus its handle, press → and → again', async ({ page, request }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const id = await create(request, `Доска: клавиатура ${tag}`, me);
    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    await card(page, id).locator('.handle').focus();
    await page.keyboard.press('ArrowRight');
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
    await expect(page.getByTestId('board-announce')).toContainText('Назначена');
    // The card in its new column has the focus: the next key moves it on.
    await expect(card(page, id).locator('.handle')).toBeFocused();
    await expect(card(page, id)).not.toHaveClass(/pending/);
    await page.keyboard.press('ArrowRight');
    await expect(column(page, 'В работе').locator(`li[data-request="${id}"]`)).toBeVisible();
    await page.reload();
    await expect(column(page, 'В работе').locator(`li[data-request="${id}"]`)).toBeVisible();
  });

  test('a change made elsewhere updates the board in place: the focused card keeps its focus and moves on', async ({ page, request }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const id = await create(request, `Доска: фокус ${tag}`, me);
    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    // The card's element, marked: a board rendered anew would drop the mark and the focus.
    await card(page, id).evaluate((el) => ((el as unknown as { kept: boolean }).kept = true));
    await card(page, id).locator('.handle').focus();

    const other = await create(request, `Доска: другая ${tag}`);
    await expect(card(page, other)).toBeVisible();
    expect(await card(page, id).evaluate((el) => (el as unknown as { kept?: boolean }).kept === true)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-request'))).toBe(String(id));

    // The card kept across the refresh still answers: its keys move it.
    await page.keyboard.press('ArrowRight');
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
    await expect(card(page, id)).not.toHaveClass(/pending/);
    await page.reload();
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
  });

  test('a change arriving during a drag waits for the drop, and the dragged card follows the pointer', async ({ page, request }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const id = await create(request, `Доска: тянуть ${tag}`, me);
    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    // A change first: the card lives on through the refresh, and still follows the pointer.
    const first = await create(request, `Доска: до того ${tag}`);
    await expect(card(page, first)).toBeVisible();
    const handle = card(page, id).locator('.handle');
    const from = (await handle.boundingBox())!;
    const to = (await column(page, 'Назначена').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 20, { steps: 4 });
    await expect(card(page, id)).toHaveClass(/dragging/);

    const other = await create(request, `Доска: пока тянут ${tag}`);
    // The stream has told the page (its counter moved), but the board holds still.
    await page.waitForTimeout(1_500);
    await expect(card(page, other)).toHaveCount(0);
    await expect(card(page, id)).toHaveClass(/dragging/);

    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 8 });
    await page.mouse.up();
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
    await expect(card(page, other)).toBeVisible();
  });
});

test('without JavaScript the card form moves it', async ({ page, request }) => {
  test.skip(jsEnabled(), 'the form path is for the server-rendered board');
  await signIn(page, USERS.dispatcher.email);
  const me = await executorId(page);
  const tag = unique();
  const id = await create(request, `Доска: форма ${tag}`, me);
  await open(page, `/board?q=${encodeURIComponent(tag)}`);
  const c = card(page, id);
  await c.locator('details.move summary').click();
  await c.locator('select[name=status_id]').selectOption({ label: 'Назначена' });
  await c.getByRole('button', { name: 'Move', exact: true }).click();
  await open(page, `/board?q=${encodeURIComponent(tag)}`);
  await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
});

test('a card with both the Urgent and Critical badges keeps its drag handle beside its number', async ({ page, request }) => {
  await signIn(page, USERS.dispatcher.email);
  const tag = unique();
  const id = await create(request, `Доска: два значка ${tag}`, undefined, { urgent: true, priority: 'critical' });
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, `/board?q=${encodeURIComponent(tag)}`);
  const c = card(page, id);
  await expect(c.locator('.badge.urgent')).toBeVisible();
  await expect(c.locator('.badge.priority.critical')).toBeVisible();
  // Measured again if a live refresh renders the card anew meanwhile.
  await expect(async () => {
    const num = (await c.locator('.num').boundingBox())!;
    const handle = (await c.locator('.handle').boundingBox())!;
    const title = (await c.locator('a.title').boundingBox())!;
    // On the number's line, not on a line of its own above the title.
    expect(handle.y).toBeLessThan(num.y + num.height);
    expect(handle.y + handle.height).toBeGreaterThan(num.y);
    expect(handle.x).toBeGreaterThan(num.x + num.width);
    expect(handle.y + handle.height).toBeLessThanOrEqual(title.y);
  }).toPass({ timeout: 5_000 });
});

test('twenty cards assigned at once from the board', async ({ page, request }) => {
  await signIn(page, USERS.dispatcher.email);
  const me = await executorId(page);
  const tag = unique();
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) ids.push(await create(request, `Доска: пачка ${i + 1} ${tag}`));
  await open(page, `/board?q=${encodeURIComponent(tag)}`);
  const cards = column(page, 'Новая').locator('li.board-card');
  await expect(cards).toHaveCount(20);
  await expect(cards.locator('.assignee .muted')).toHaveCount(20);

  for (const box of await cards.locator('input.select').all()) await box.check();
  await page.locator('details.bulk summary').click();
  await page.locator('#bulk select[name="form[assignee_id]"]').selectOption(String(me));
  await page.locator('#bulk button[type=submit]').click();
  if (jsEnabled()) await expect(page.getByTestId('bulk-result')).toContainText('20');
  await expect(cards.locator('.assignee', { hasText: USERS.executor.name })).toHaveCount(20);
  for (const id of ids) await expect(card(page, id)).toContainText(USERS.executor.name);
});

test('the board keeps its filter and swimlanes in the URL', async ({ page, request }) => {
  await signIn(page, USERS.dispatcher.email);
  const tag = unique();
  await create(request, `Доска: фильтр ${tag}`);
  await open(page, '/board?lane=priority');
  await page.locator('form.filters #q').fill(tag);
  await page.locator('form.filters .search button[type=submit]').click();
  await page.waitForURL(/q=/);
  expect(new URL(page.url()).searchParams.get('lane')).toBe('priority');
  await expect(page.locator('li.board-card')).toHaveCount(1);
  await expect(page.locator('li.board-card')).toContainText(tag);
});
