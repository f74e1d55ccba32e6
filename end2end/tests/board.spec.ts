import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { USERS, jsEnabled, open, ready, signIn, unique } from './helpers';

const token = () => process.env.UPRAVA_TOKEN_DEMO!;

/** Creates a request through the API, optionally assigned; returns its id. */
async function create(request: APIRequestContext, title: string, assignee?: number): Promise<number> {
  const res = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token()}` },
    data: { title, contact: { name: 'Житель', phone: '+998 90 321 54 76' }, ...(assignee ? { assignee_id: assignee } : {}) },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

/** The demo executor's user id, read from the create form's assignee picker. */
async function executorId(page: Page): Promise<number> {
  await open(page, '/requests/new');
  const option = page.locator('#assignee_id option', { hasText: USERS.executor.name });
  return Number(await option.getAttribute('value'));
}

const column = (page: Page, status: string) => page.locator(`section.board-col[aria-label="${status}"]`);
const card = (page: Page, id: number) => page.locator(`li.board-card[data-request="${id}"]`);

async function drag(page: Page, id: number, status: string) {
  const handle = card(page, id).locator('.handle');
  const from = (await handle.boundingBox())!;
  const to = (await column(page, status).boundingBox())!;
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

  test('the keyboard moves a card: focus its handle, press →', async ({ page, request }) => {
    await signIn(page, USERS.dispatcher.email);
    const me = await executorId(page);
    const tag = unique();
    const id = await create(request, `Доска: клавиатура ${tag}`, me);
    await open(page, `/board?q=${encodeURIComponent(tag)}`);
    await card(page, id).locator('.handle').focus();
    await page.keyboard.press('ArrowRight');
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
    await expect(page.getByTestId('board-announce')).toContainText('Назначена');
    await page.reload();
    await expect(column(page, 'Назначена').locator(`li[data-request="${id}"]`)).toBeVisible();
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
