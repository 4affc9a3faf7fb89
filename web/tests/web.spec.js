// The planner and caseworker pages in headless Chromium against `praksis serve` on a small
// generated world (tests/browser/run.sh). Screenshots go to web/test-results/.
const { test, expect } = require('@playwright/test');

const PLANNER = process.env.PRAKSIS_PLANNER_TOKEN;
const KOMMUNE = process.env.PRAKSIS_KOMMUNE_TOKEN;
const CITIZEN = process.env.PRAKSIS_CITIZEN_TOKEN;
const CITIZEN_ID = process.env.PRAKSIS_CITIZEN_ID;
const LOLLAND = 360;

async function withToken(page, token) {
  await page.addInitScript((t) => sessionStorage.setItem('praksis.token', t), token);
}

async function openPlanner(page, query = '') {
  await withToken(page, PLANNER);
  await page.goto('/' + query);
  await expect(page.locator('body[data-drawn="true"]')).toHaveCount(1, { timeout: 30000 });
}

test('the map draws the coastline and 98 kommune areas', async ({ page }) => {
  await openPlanner(page);
  await expect(page.locator('path.land')).toHaveCount(1);
  await expect(page.locator('path.kommune')).toHaveCount(98);
  expect(await page.locator('path.region-border').count()).toBe(5);
  expect(Number(await page.locator('body').getAttribute('data-clinics'))).toBeGreaterThan(10);
  await expect(page.locator('canvas.leaflet-zoom-animated')).toHaveCount(1);  // the clinics' canvas
  await expect(page.locator('#table tbody tr')).toHaveCount(98);
  await expect(page.locator('#table thead th').first()).toHaveText('Kommune');
  const figures = await (await page.request.get('/api/map/figures', { headers: { Authorization: 'Bearer ' + PLANNER } })).json();
  expect(figures.designated).toBeGreaterThan(0);
  await expect(page.locator('path.kommune.designated')).toHaveCount(figures.designated);
  await page.screenshot({ path: 'test-results/map.png' });
});

test('English on request', async ({ page }) => {
  await openPlanner(page, '?lang=en');
  await expect(page.locator('#table-section h2')).toHaveText('Municipalities');
});

test('clicking Lolland shows its figures and their parts', async ({ page }) => {
  await openPlanner(page);
  await page.locator('path.k-' + LOLLAND).dispatchEvent('click');
  await expect(page.locator('#panel-name')).toHaveText('Lolland');
  const row = page.locator('#panel-figures tr[data-figure="s1_patients_per_capacity"]');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(2)).toContainText('/');
  await page.screenshot({ path: 'test-results/lolland.png' });
});

test('the region filter leaves only that region', async ({ page, request }) => {
  await openPlanner(page);
  const figures = await (await request.get('/api/map/figures', { headers: { Authorization: 'Bearer ' + PLANNER } })).json();
  const inSjaelland = figures.kommuner.filter((k) => k.region === 1085).length;
  expect(inSjaelland).toBeGreaterThan(5);
  await page.selectOption('#region', '1085');
  await expect(page.locator('path.kommune')).toHaveCount(inSjaelland);
  await expect(page.locator('#table tbody tr')).toHaveCount(inSjaelland);
  await expect(page.locator('path.k-' + LOLLAND)).toHaveCount(1);
  await expect(page.locator('path.k-101')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/region.png' });
});

test('the S4 cells layer draws the cells where citizens lack two open clinics', async ({ page, request }) => {
  await openPlanner(page);
  const cells = await (await request.get('/api/map/cells', { headers: { Authorization: 'Bearer ' + PLANNER } })).json();
  expect(cells.features.length).toBeGreaterThan(0);
  await expect(page.locator('path.s4-cell')).toHaveCount(0);
  await page.locator('#cells').check();
  await expect(page.locator('path.s4-cell')).toHaveCount(cells.features.length, { timeout: 30000 });
  await page.screenshot({ path: 'test-results/s4-cells.png' });
  await page.locator('#cells').uncheck();
  await expect(page.locator('path.s4-cell')).toHaveCount(0);
});

test('the planner page prints on A4 with every kommune row and the map', async ({ page }) => {
  await openPlanner(page);
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  await expect(page.locator('#whatif')).toBeHidden();
  await expect(page.locator('#figure')).toBeHidden();
  await expect(page.locator('#table tbody tr')).toHaveCount(98);
  const layout = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#table tbody tr')];
    const table = document.getElementById('table').getBoundingClientRect();
    const map = document.getElementById('map').getBoundingClientRect();
    return { hidden: rows.filter((r) => r.getBoundingClientRect().height === 0).length,
      tableRight: table.right, mapWidth: map.width, width: document.documentElement.clientWidth,
      header: getComputedStyle(document.querySelector('#table thead')).display };
  });
  expect(layout.hidden).toBe(0);
  expect(layout.tableRight).toBeLessThanOrEqual(layout.width + 1);  // no column cut
  expect(layout.mapWidth).toBeGreaterThan(0.9 * layout.width - 40);
  expect(layout.header).toBe('table-header-group');  // repeated on every page
  await page.pdf({ path: 'test-results/planner.pdf', format: 'A4' });
});

test('the table sorts by a column', async ({ page }) => {
  await openPlanner(page);
  await page.locator('#table thead th[data-key="citizens"]').click();
  await page.locator('#table thead th[data-key="citizens"]').click();  // descending
  await expect(page.locator('#table tbody tr').first().locator('td').first()).toHaveText('København');
});

test('a what-if adds a clinic and figures change', async ({ page }) => {
  await openPlanner(page);
  await page.selectOption('#figure', 's1_unfilled_capacity_share');
  await page.fill('#wi-lat', '54.7760');
  await page.fill('#wi-lon', '11.5000');  // Maribo, Lolland
  await page.fill('#wi-cap', '3');
  await page.locator('#whatif-form button').click();
  await expect(page.locator('#whatif-kommune')).toHaveText('Lolland', { timeout: 30000 });
  const row = page.locator('#whatif-table tr[data-code="' + LOLLAND + '"]');
  await expect(row).toHaveCount(1);
  const before = await row.locator('td').nth(1).textContent();
  const after = await row.locator('td').nth(2).textContent();
  expect(after).not.toBe(before);
  await expect(page.locator('path.whatif')).toHaveCount(1);  // the new clinic, SVG
  await page.screenshot({ path: 'test-results/whatif.png' });
});

test('a caseworker makes a choice and sees it in the audit', async ({ page }) => {
  await withToken(page, KOMMUNE);
  await page.goto('/caseworker');
  await page.fill('#citizen', CITIZEN_ID);
  await page.locator('#find button').click();
  await expect(page.locator('#near tbody tr').first()).toBeVisible({ timeout: 15000 });
  // A clinic other than the one the citizen is listed with.
  const listing = await page.locator('#citizen-listing').textContent();
  const rows = page.locator('#near tbody tr');
  let picked = null;
  for (let i = 0; i < await rows.count() && !picked; ++i) {
    const y = await rows.nth(i).getAttribute('data-ydernummer');
    if (!listing.includes('(' + y + ')')) picked = rows.nth(i);
  }
  expect(picked).not.toBeNull();
  await picked.locator('button').click();
  await expect(page.locator('#decision-rules')).toContainText(/[LC]\d/);
  await expect(page.locator('#decision-reason')).not.toBeEmpty();
  await expect(page.locator('#audit tbody tr[data-subject="' + CITIZEN_ID + '"]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/caseworker.png' });
});

test('a citizen token cannot open the planner view; no token is asked for one', async ({ page, request }) => {
  await withToken(page, CITIZEN);
  await page.goto('/');
  await expect(page.locator('body[data-error="403"]')).toHaveCount(1);
  await expect(page.locator('#message')).toContainText('rolle');
  const noToken = await request.get('/api/map/geometry');
  expect(noToken.status()).toBe(401);
  const citizen = await request.get('/api/map/geometry', { headers: { Authorization: 'Bearer ' + CITIZEN } });
  expect(citizen.status()).toBe(403);
  await page.screenshot({ path: 'test-results/citizen.png' });
});
