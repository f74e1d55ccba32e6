import { expect, test } from '@playwright/test';
import { USERS, createRequest, jsEnabled, newContext, open, signIn, unique } from './helpers';

// Two people at once: what one does shows on the other's screen without a reload (the
// `/api/stream` Server-Sent Events). Live updates need JavaScript.
test.skip(() => !jsEnabled(), 'live updates run in the browser');

test('a new request and a comment reach another user without a reload', async ({ browser }) => {
  const a = await newContext(browser);
  const b = await newContext(browser);
  const pa = await a.newPage();
  const pb = await b.newPage();
  try {
    await signIn(pa, USERS.dispatcher.email);
    await signIn(pb, USERS.manager.email);
    const title = `Живое обновление ${unique()}`;
    // B watches a list filtered to a title that does not exist yet.
    await open(pb, `/requests?q=${encodeURIComponent(title)}`);
    await expect(pb.locator('table.requests tbody tr')).toHaveCount(0);
    const loads = pb.url();

    const id = await createRequest(pa, title);
    await expect(pb.locator('table.requests tbody tr')).toHaveCount(1, { timeout: 3_000 });
    await expect(pb.locator('table.requests tbody tr')).toContainText(title);
    expect(pb.url()).toBe(loads);

    // B opens it; A comments; B's timeline shows the comment.
    await open(pb, `/requests/${id}`);
    await expect(pb.locator('ol.timeline li')).toHaveCount(1);
    const text = `Мастер выехал (${unique()})`;
    await pa.locator('#comment-body').fill(text);
    await pa.getByRole('button', { name: 'Add comment' }).click();
    await expect(pb.locator('#comments ul.comments li', { hasText: text })).toBeVisible({ timeout: 3_000 });
    await expect(pb.locator('ol.timeline li')).toHaveCount(2);
  } finally {
    await a.close();
    await b.close();
  }
});
