/**
 * The main navigation per role, and the guardians' pages answering 404 to everyone else (with the
 * denial in the access log).
 *
 * The expected menus are written from DESIGN.md §1 and §3 (not copied from policy.ts):
 * - admin (beheerder): users, organisations, tables, no case content        → Start, Beheer
 * - auditor (FG): the access log, no case content                           → Start, Toegangslog
 * - reporter only: submit signals and follow their own, nothing else       → Start, Signalen
 * - coordinator: signal inbox, cases, agendas, actions; reports            → everything but Beheer
 *   and Toegangslog, with Tafels
 * - plain active table member: cases, meetings, decisions, own actions, escalations, tables
 * - table chair: as a member, plus Rapportages
 * - no role and no ACTIVE membership (inspecteur, whose membership awaits the chair): a possible
 *   case participant (§1), so Casussen and Mijn acties, but nothing that needs a table (§3.4: a
 *   membership counts only once the chair confirmed it).
 *
 * The menu offers only pages that are built (src/lib/server/shell.ts): the test compares with the
 * design's menu restricted to the pages that have a route under src/routes, and checks that every
 * menu link opens.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
	DEMO_ACCOUNT_NAMES,
	DEMO_ACCOUNTS,
	ROOT,
	expect,
	loginAs,
	navItems,
	test,
	type DemoAccount
} from './fixtures';

// The tests are independent: spread them over the workers (each worker has its own fresh database).
test.describe.configure({ mode: 'parallel' });

/** The design's top-level pages (DESIGN.md §5) by menu label. */
const PAGE_PATHS: Record<string, string> = {
	Start: '/',
	Signalen: '/signals',
	Casussen: '/cases',
	Overleggen: '/meetings',
	Besluiten: '/decisions',
	'Mijn acties': '/actions',
	Opschalingen: '/escalations',
	Rapportages: '/reports',
	Tafels: '/tables',
	Beheer: '/admin',
	Toegangslog: '/audit'
};

/** Whether a top-level page has a route (a +page.svelte in any route group). */
function isBuilt(label: string): boolean {
	const segment = PAGE_PATHS[label]?.slice(1);
	if (segment === undefined) throw new Error(`unknown page ${label}`);
	if (segment === '') return true;
	const routes = path.join(ROOT, 'src', 'routes');
	const dirs = [
		'',
		...readdirSync(routes, { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.map((d) => d.name)
	];
	return dirs.some((dir) => existsSync(path.join(routes, dir, segment, '+page.svelte')));
}

const START = 'Start';
const ALL_CASE_WORK = ['Casussen', 'Overleggen', 'Besluiten', 'Mijn acties', 'Opschalingen'];
const COORDINATOR = [START, 'Signalen', ...ALL_CASE_WORK, 'Rapportages', 'Tafels'];
const MEMBER = [START, ...ALL_CASE_WORK, 'Tafels'];
const CHAIR = [START, ...ALL_CASE_WORK, 'Rapportages', 'Tafels'];

const EXPECTED_NAV: Record<DemoAccount, { why: string; nav: string[] }> = {
	beheer: { why: 'admin', nav: [START, 'Beheer'] },
	fg: { why: 'auditor', nav: [START, 'Toegangslog'] },
	melder: { why: 'reporter only', nav: [START, 'Signalen'] },
	'coordinator.veiligheid': { why: 'coordinator (chair of the AVO)', nav: COORDINATOR },
	'coordinator.zorg': { why: 'coordinator (secretary of the Zorgtafel)', nav: COORDINATOR },
	'procesregisseur.zvh': { why: 'coordinator (chair of the ZVH)', nav: COORDINATOR },
	'coordinator.kempenveld': { why: 'coordinator of another municipality', nav: COORDINATOR },
	'voorzitter.zorgtafel': { why: 'chair of the Zorgtafel', nav: CHAIR },
	'voorzitter.stuurtafel': { why: 'chair of the Stuurtafel', nav: CHAIR },
	zorg: { why: 'plain member of the Zorgtafel', nav: MEMBER },
	veiligheid: { why: 'plain member of three tables', nav: MEMBER },
	inspecteur: { why: 'no role, membership still pending', nav: [START, 'Casussen', 'Mijn acties'] }
};

async function expectNotFound(page: Page, url: string) {
	const response = await page.goto(url);
	expect(response?.status(), `${url} should answer 404`).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Niet gevonden');
	await expect(page.getByText('Deze pagina bestaat niet of u heeft er geen toegang toe.')).toBeVisible();
}

for (const who of DEMO_ACCOUNT_NAMES) {
	const expected = EXPECTED_NAV[who];
	test(`${who} (${expected.why}) sees exactly the pages of their role`, async ({ browser, app }) => {
		const page = await loginAs(browser, app, who);
		await expect(page.getByTestId('signed-in-user')).toContainText(DEMO_ACCOUNTS[who]);
		const shown = expected.nav.filter(isBuilt);
		expect([...(await navItems(page))].sort()).toEqual([...shown].sort());

		// Every menu item opens (no link to a 404), and none leads to the guardians' pages.
		const hrefs = await page
			.getByRole('navigation', { name: 'Hoofdmenu' })
			.getByRole('link')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		if (!expected.nav.includes('Beheer')) expect(hrefs).not.toContain('/admin');
		if (!expected.nav.includes('Toegangslog')) expect(hrefs).not.toContain('/audit');
		expect([...hrefs].sort()).toEqual(shown.map((label) => PAGE_PATHS[label]).sort());
		for (const href of hrefs) {
			const res = await page.goto(href);
			expect(res?.status(), `menu link ${href}`).toBe(200);
		}

		// The guardians' pages do not exist for anyone else.
		if (who !== 'beheer') {
			await expectNotFound(page, '/admin');
			await expectNotFound(page, '/admin/users');
		} else {
			const res = await page.goto('/admin/users');
			expect(res?.status()).toBe(200);
		}
		if (who !== 'fg') {
			await expectNotFound(page, '/audit');
		} else {
			const res = await page.goto('/audit');
			expect(res?.status()).toBe(200);
		}
	});
}

test('the auditor finds the refused page visits in the access log', async ({ browser, app }) => {
	test.slow(); // four sign-ins
	// Make some denials in this test, so it does not depend on the tests above.
	const visits: Array<[DemoAccount, string]> = [
		['zorg', '/admin/users'],
		['melder', '/audit'],
		['beheer', '/audit']
	];
	for (const [who, path] of visits) {
		const page = await loginAs(browser, app, who);
		await expectNotFound(page, path);
	}

	const fg = await loginAs(browser, app, 'fg');
	await fg.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toegangslog' }).click();
	await expect(fg).toHaveURL(/\/audit$/);
	await expect(fg.getByRole('heading', { level: 1, name: 'Toegangslog' })).toBeVisible();
	await fg.waitForLoadState('networkidle');

	// Filter like a user: Handeling = geweigerd.
	const filter = fg.getByRole('search', { name: 'Toegangslog filteren' });
	await filter.getByLabel('Handeling').selectOption({ label: 'geweigerd' });
	await filter.getByRole('button', { name: 'Filteren' }).click();
	await expect(fg).toHaveURL(/[?&]handeling=denied/);

	const log = fg.getByTestId('audit-log');
	await expect(log).toBeVisible();
	const rows = log.locator('tbody tr');
	// Only denials are listed.
	const actionColumn = await rows.locator('td:nth-child(3)').allInnerTexts();
	expect(actionColumn.length).toBeGreaterThanOrEqual(visits.length);
	for (const action of actionColumn) expect(action.trim()).toBe('geweigerd');
	// Each refused visit is there, with who and which page.
	for (const [who, path] of visits) {
		const row = rows
			.filter({ hasText: DEMO_ACCOUNTS[who] })
			.filter({ has: fg.locator('td', { hasText: new RegExp(`^${path}$`) }) });
		await expect(row, `denial of ${path} for ${who}`).not.toHaveCount(0);
	}
});
