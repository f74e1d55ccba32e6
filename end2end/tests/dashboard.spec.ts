import { expect, test, type Page } from '@playwright/test';
import { USERS, jsEnabled, open, signIn } from './helpers';

/** Numbers in the staff table's column `col` (`assigned`, `breached`…), top to bottom. */
async function column(page: Page, col: string): Promise<number[]> {
  const texts = await page.locator(`table.staff tbody td[data-col=${col}]`).allInnerTexts();
  return texts.map((t) => Number(t.replace(/[^\d.]/g, '')));
}

test.describe('as an executive', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.executive.email);
  });

  test('the sidebar leads to the dashboard, which shows the figures', async ({ page }) => {
    await page.getByRole('link', { name: 'SLA dashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard\/sla$/);
    await expect(page.getByRole('heading', { level: 1, name: 'SLA dashboard' })).toBeVisible();
    await expect(page.locator('[data-kpi=on-time]')).toHaveText(/^\d+%$/);
    await expect(page.locator('[data-kpi=breaches]')).toHaveText(/^\d+$/);
    // The heatmap as a table: weekday rows, counts in the cells (the no-JavaScript view).
    await expect(page.locator('table.heatmap tbody tr')).toHaveCount(7);
    expect(await page.locator('table.heatmap td.cell:not(.zero)').count()).toBeGreaterThan(0);
    const total = Number(await page.locator('table.heatmap').getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    if (jsEnabled()) {
      // Hydrated: ECharts draws the same figures and the table steps aside for screen readers.
      await expect(page.locator('.heat-card .chart canvas')).toBeVisible();
      await expect(page.locator('.heat-wrap')).toHaveClass(/sr-only/);
    } else {
      await expect(page.locator('table.heatmap')).toBeVisible();
      await expect(page.locator('.heat-card .chart canvas')).toHaveCount(0);
    }
    await expect(page.locator('.near-card')).toBeVisible();
    expect(await page.locator('table.staff tbody tr').count()).toBeGreaterThan(3);
  });

  test('filters go into the URL and stay in the form', async ({ page }) => {
    await open(page, '/dashboard/sla');
    const team = page.locator('#d-team');
    await team.selectOption({ index: 1 });
    const teamId = await team.inputValue();
    await page.locator('#d-within').selectOption('60');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]team=${teamId}(&|$)`));
    await expect(page).toHaveURL(/[?&]within=60(&|$)/);
    await expect(page.locator('#d-team')).toHaveValue(teamId);
    await expect(page.locator('#d-within')).toHaveValue('60');
    await expect(page.locator('.near-card')).toContainText(/60\D+min/);

    // The heatmap switches to arrivals and keeps the filter.
    await page.locator('.segmented').getByRole('link', { name: 'Arrivals' }).click();
    await expect(page).toHaveURL(/heatmap=arrivals/);
    await expect(page).toHaveURL(new RegExp(`team=${teamId}`));
    await expect(page.locator('.heat-card.arrivals')).toBeVisible();
    if (jsEnabled()) await expect(page.locator('.heat-card.arrivals .chart canvas')).toBeVisible();
  });

  test('the staff table sorts by its columns', async ({ page }) => {
    await open(page, '/dashboard/sla');
    // Worst violation rate first by default.
    await expect(page.locator('th[data-sort=violation]')).toHaveAttribute('aria-sort', 'descending');
    await page.locator('th[data-sort=assigned] a').click();
    await expect(page).toHaveURL(/sort=-assigned/);
    await expect(page.locator('th[data-sort=assigned]')).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => {
      const v = await column(page, 'assigned');
      return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x);
    }).toBe(true);
    await page.locator('th[data-sort=assigned] a').click();
    await expect(page).toHaveURL(/sort=assigned/);
    await expect.poll(async () => {
      const v = await column(page, 'assigned');
      return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] <= x);
    }).toBe(true);
  });

  test('the XLSX report downloads', async ({ page }) => {
    await open(page, '/dashboard/sla?within=60');
    const link = page.getByRole('link', { name: 'Download XLSX' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/reports/sla.xlsx?within=60');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const body = await res.body();
    expect(body.subarray(0, 2).toString()).toBe('PK');
  });
});

test('a viewer has no dashboard', async ({ page }) => {
  await signIn(page, USERS.viewer.email);
  await expect(page.getByRole('link', { name: 'SLA dashboard' })).toHaveCount(0);
  await open(page, '/dashboard/sla');
  await expect(page.locator('.alert.error[data-code=forbidden]')).toBeVisible();
});
