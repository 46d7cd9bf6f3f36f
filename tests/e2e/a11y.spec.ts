/**
 * WCAG 2.1 A/AA checks with axe on every page built so far, as the role that can see it.
 *
 * To cover a new page, add an entry to PAGES: the role that sees it (null: not signed in), the
 * path, and optionally `prepare` to bring the page into the state to check (open a link, submit a
 * form with errors). The check runs on whatever the page shows after `prepare`.
 * Each worker signs in through the form once per role and reuses that session for the next checks.
 */
import type { Browser, Page } from '@playwright/test';
import {
	ZORGTAFEL,
	expect,
	expectAxeClean,
	gotoReady,
	signedInPage,
	test,
	visitor,
	type AppServer,
	type DemoAccount
} from './fixtures';

// Every check stands alone: spread them over the workers (each worker has its own fresh database).
test.describe.configure({ mode: 'parallel' });

interface PageCheck {
	/** Short name for the test title. */
	name: string;
	/** Who looks at it; null = not signed in. */
	role: DemoAccount | null;
	path: string;
	/** Expected HTTP status of the path (default 200). */
	status?: number;
	/** Brings the page into the state to check (`more` lets it open a page for a second person). */
	prepare?: (page: Page, more: { browser: Browser; app: AppServer }) => Promise<void>;
}

/** Opens the first link with this name and waits for the next page. */
function follow(name: string | RegExp) {
	return async (page: Page) => {
		const before = page.url();
		await page.getByRole('main').getByRole('link', { name }).first().click();
		await expect(page).not.toHaveURL(before);
		await page.waitForLoadState('networkidle');
	};
}

/** Opens the first link inside the element with this test id. */
function followIn(testId: string) {
	return async (page: Page) => {
		const before = page.url();
		await page.getByTestId(testId).getByRole('link').first().click();
		await expect(page).not.toHaveURL(before);
		await page.waitForLoadState('networkidle');
	};
}

/** Opens every <details> on the page (the edit and management forms), to check them too. */
async function openAllDetails(page: Page) {
	await page
		.locator('details')
		.evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
	await expect(page.locator('details:not([open])')).toHaveCount(0);
}

/** Opens the first link inside the element with this test id, then every <details> on the page. */
function followInAndOpen(testId: string) {
	return async (page: Page) => {
		await followIn(testId)(page);
		await openAllDetails(page);
	};
}

/** Submits the first form with this button without filling it in, and waits for the error. */
function submitEmpty(button: string | RegExp) {
	return async (page: Page) => {
		await page.getByRole('button', { name: button }).first().click();
		await expect(page.getByTestId('form-error')).toBeVisible();
	};
}

/** Waits until every plan on the case page is live: connected, synced, its editor loaded. */
async function plansLive(page: Page) {
	const plans = page.locator('[data-testid^="plan-"]');
	const count = await plans.count();
	expect(count, 'the case page shows plans').toBeGreaterThan(0);
	await expect(page.locator('[data-testid^="collab-status-"]')).toHaveText(
		Array.from({ length: count }, () => /verbonden/),
		{ timeout: 15_000 }
	);
	await expect(page.locator('[data-testid^="notes-"][contenteditable]')).toHaveCount(count, {
		timeout: 15_000
	});
}

/** Opens the first case found by a search, waits for its live plans and opens an action's edit form. */
function livePlans(search: string, options: { edit?: boolean; readOnly?: boolean } = {}) {
	return async (page: Page) => {
		test.slow(); // live documents and a lazily loaded editor, on a loaded machine
		await gotoReady(page, `/cases?zoek=${encodeURIComponent(search)}`);
		await followIn('case-list')(page);
		await plansLive(page);
		if (options.readOnly) await expect(page.locator('[data-testid^="read-only-"]').first()).toBeVisible();
		if (options.edit) {
			await page
				.getByTestId('plan-shared')
				.getByRole('button', { name: /^Bewerken/ })
				.first()
				.click();
			await expect(page.getByTestId('plan-shared').locator('form.action__form')).toBeVisible();
		}
	};
}

const PAGES: PageCheck[] = [
	// Sign-in
	{ name: 'sign-in page', role: null, path: '/login' },
	{
		name: 'sign-in page with an error',
		role: null,
		path: '/login',
		prepare: async (page) => {
			await page.getByLabel('E-mailadres').fill('niemand@ketentafel.test');
			await page.getByLabel('Wachtwoord', { exact: true }).fill('verkeerd wachtwoord');
			await page.getByRole('button', { name: 'Inloggen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{ name: 'sign-in page with empty fields', role: null, path: '/login', prepare: submitEmpty('Inloggen') },

	// Start page for several roles
	{ name: 'start page (admin)', role: 'beheer', path: '/' },
	{ name: 'start page (auditor)', role: 'fg', path: '/' },
	{ name: 'start page (reporter)', role: 'melder', path: '/' },
	{ name: 'start page (coordinator)', role: 'coordinator.veiligheid', path: '/' },
	{ name: 'start page (chair with pending member)', role: 'voorzitter.zorgtafel', path: '/' },
	{ name: 'start page (member)', role: 'zorg', path: '/' },
	{ name: 'start page (no active membership)', role: 'inspecteur', path: '/' },

	// Account
	{ name: 'account page', role: 'zorg', path: '/account' },
	{
		name: 'account page with an error',
		role: 'zorg',
		path: '/account',
		prepare: async (page) => {
			// Valid for the browser's own checks (required, minlength), refused by the server.
			await page.getByLabel('Huidig wachtwoord').fill('niet het wachtwoord');
			await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een nieuw lang wachtwoord');
			await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('een ander lang wachtwoord');
			await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},

	// Signals
	{ name: 'signals (reporter: own signals)', role: 'melder', path: '/signals' },
	{ name: 'own signal (reporter)', role: 'melder', path: '/signals', prepare: followIn('own-signals') },
	{ name: 'new signal (reporter)', role: 'melder', path: '/signals/new' },
	{
		name: 'new signal with errors',
		role: 'melder',
		path: '/signals/new',
		prepare: submitEmpty('Signaal versturen')
	},
	{ name: 'signal inbox (coordinator)', role: 'coordinator.veiligheid', path: '/signals' },
	{ name: 'signal inbox, all (coordinator)', role: 'coordinator.veiligheid', path: '/signals?weergave=alle' },
	{
		name: 'signal page (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/signals',
		prepare: followIn('signal-inbox')
	},
	{ name: 'new signal on behalf of someone (coordinator)', role: 'coordinator.zorg', path: '/signals/new' },
	{
		name: 'new signal, acute danger chosen (112 alert)',
		role: 'melder',
		path: '/signals/new',
		prepare: async (page) => {
			await page
				.getByRole('group', { name: 'Urgentie' })
				.getByRole('radio', { name: 'acuut gevaar' })
				.check();
			await expect(page.getByRole('alert')).toContainText('112');
		}
	},
	{
		name: 'own signal with feedback (reporter)',
		role: 'melder',
		path: '/signals',
		prepare: async (page) => {
			await page
				.getByTestId('own-signals')
				.getByRole('listitem')
				.filter({ hasText: 'Terugkoppeling' })
				.first()
				.getByRole('link')
				.click();
			await expect(page.getByTestId('reporter-feedback')).toBeVisible();
		}
	},
	{
		name: 'signal page, acute (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/signals',
		prepare: async (page) => {
			await page
				.getByTestId('signal-inbox')
				.getByRole('row')
				.filter({ hasText: 'acuut gevaar' })
				.first()
				.getByRole('link')
				.click();
			await expect(page.getByRole('heading', { level: 1, name: /^Signaal SG-/ })).toBeVisible();
			await page.waitForLoadState('networkidle');
		}
	},
	{
		name: 'signal page, forwarded with feedback sent (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/signals?weergave=afgehandeld',
		prepare: async (page) => {
			await page
				.getByTestId('signal-inbox')
				.getByRole('row')
				.filter({ hasText: 'doorgestuurd' })
				.first()
				.getByRole('link')
				.click();
			await expect(page.getByTestId('forwardings')).toBeVisible();
			await page.waitForLoadState('networkidle');
		}
	},
	{
		name: 'signal inbox, settled (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/signals?weergave=afgehandeld'
	},
	{ name: 'signals (coordinator of another municipality)', role: 'coordinator.kempenveld', path: '/signals' },

	// Cases
	{ name: 'cases (member, zorg)', role: 'zorg', path: '/cases' },
	{ name: 'cases (member, veiligheid)', role: 'veiligheid', path: '/cases' },
	{ name: 'cases (coordinator)', role: 'coordinator.veiligheid', path: '/cases' },
	{ name: 'cases, nothing found', role: 'zorg', path: '/cases?zoek=bestaat-niet-xyz' },
	{ name: 'case page (member, zorg)', role: 'zorg', path: '/cases', prepare: followIn('case-list') },
	{
		name: 'case page (member, veiligheid)',
		role: 'veiligheid',
		path: '/cases',
		prepare: followIn('case-list')
	},
	{
		name: 'case page (coordinator)',
		role: 'coordinator.zorg',
		path: '/cases',
		prepare: followIn('case-list')
	},
	{ name: 'new case (coordinator)', role: 'coordinator.zorg', path: '/cases/new' },
	{ name: 'cases, filtered (coordinator)', role: 'coordinator.zorg', path: '/cases?soort=victim&termijn=1' },
	{
		name: 'case page with every form opened (coordinator)',
		role: 'coordinator.zorg',
		path: '/cases',
		prepare: followInAndOpen('case-list')
	},
	{
		name: 'case page with every form opened (member, veiligheid)',
		role: 'veiligheid',
		path: '/cases',
		prepare: followInAndOpen('case-list')
	},
	{
		name: 'ZVH case page, both compartments, forms opened (ZVH chair)',
		role: 'procesregisseur.zvh',
		path: '/cases?zoek=F.A.',
		prepare: async (page) => {
			await followIn('case-list')(page);
			await expect(page.getByTestId('compartment-zorg')).toBeVisible();
			await expect(page.getByTestId('compartment-veiligheid')).toBeVisible();
			await openAllDetails(page);
		}
	},
	{
		name: 'case page with an error (coordinator)',
		role: 'coordinator.zorg',
		path: '/cases',
		prepare: async (page) => {
			await followIn('case-list')(page);
			const summary = page.locator('summary', { hasText: 'Wettelijke termijnen' });
			await summary.click();
			const form = page.locator('details[open] form[action="?/deadlines"]');
			await form.getByLabel('Begin bedenktijd').fill('2026-01-01');
			await form.getByLabel('Einde bedenktijd').fill('2026-12-31');
			await form.getByRole('button', { name: 'Opslaan' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{
		name: 'new case from a signal (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/signals',
		prepare: async (page) => {
			await followIn('signal-inbox')(page);
			await page.getByRole('link', { name: 'Omzetten in casus' }).click();
			await expect(page).toHaveURL(/\/cases\/new\?signaal=\d+/);
			await page.waitForLoadState('networkidle');
		}
	},
	{
		name: 'new case with errors',
		role: 'coordinator.zorg',
		path: '/cases/new',
		prepare: submitEmpty('Casus aanmaken')
	},
	{ name: '404 page (case not reached)', role: 'zorg', path: '/cases/999999', status: 404 },

	// Action plans (issue 6)
	{ name: 'my actions (member, zorg)', role: 'zorg', path: '/actions' },
	{
		name: 'my actions, after marking one done (member, zorg)',
		role: 'zorg',
		path: '/actions',
		prepare: async (page) => {
			await page
				.getByTestId('my-actions')
				.getByRole('button', { name: /^Gereed/ })
				.first()
				.click();
			await expect(page.getByText(/is als gereed gemeld/)).toBeVisible();
		}
	},
	{ name: 'my actions, none (no active membership)', role: 'inspecteur', path: '/actions' },
	{ name: 'action board (coordinator)', role: 'coordinator.veiligheid', path: '/actions/board' },
	{
		name: 'action board, nothing found (chair)',
		role: 'voorzitter.stuurtafel',
		path: '/actions/board?status=not_undertaken'
	},
	{
		name: 'action board with an error (coordinator)',
		role: 'coordinator.veiligheid',
		path: '/actions/board',
		prepare: async (page) => {
			// An owner the form never offers (someone outside the case): the server refuses it.
			const select = page.getByTestId('board').locator('select').first();
			await select.evaluate((el) => {
				const option = document.createElement('option');
				option.value = '999999';
				option.textContent = 'x';
				el.appendChild(option);
				(el as HTMLSelectElement).value = '999999';
			});
			await page
				.getByTestId('board')
				.getByRole('button', { name: /^Opslaan/ })
				.first()
				.click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{
		name: 'case page with live plans and an edit form open (coordinator)',
		role: 'coordinator.zorg',
		path: '/cases',
		prepare: livePlans('A.K.', { edit: true })
	},
	{
		name: 'case page with live plans, another person present and typing (member, zorg)',
		role: 'zorg',
		path: '/cases',
		prepare: async (page, { browser, app }) => {
			await livePlans('A.K.')(page);
			const other = await signedInPage(browser, app, 'coordinator.zorg');
			await gotoReady(other, page.url());
			await plansLive(other);
			const editor = other.getByTestId('notes-shared');
			await editor.click();
			await other.keyboard.press('Control+End');
			await other.keyboard.type(' aanvulling');
			await expect(page.getByTestId('presence-shared').getByTestId('peer')).toHaveCount(1);
			await expect(page.getByTestId('notes-shared').locator('.collaboration-carets__caret')).toBeVisible();
		}
	},
	{
		name: 'ZVH case page with three live plans (ZVH chair)',
		role: 'procesregisseur.zvh',
		path: '/cases',
		prepare: livePlans('F.A.')
	},
	{
		name: 'closed case with read-only plans (coordinator)',
		role: 'coordinator.zorg',
		path: '/cases',
		prepare: livePlans('G.T.', { readOnly: true })
	},

	// Tables
	{ name: 'my tables', role: 'veiligheid', path: '/tables' },
	{ name: 'table page (member)', role: 'zorg', path: '/tables', prepare: follow(ZORGTAFEL) },
	{
		name: 'table page (chair, pending member)',
		role: 'voorzitter.zorgtafel',
		path: '/tables',
		prepare: follow(ZORGTAFEL)
	},

	// Admin
	{ name: 'admin home', role: 'beheer', path: '/admin' },
	{ name: 'admin users', role: 'beheer', path: '/admin/users' },
	{ name: 'admin new user', role: 'beheer', path: '/admin/users/new' },
	{
		name: 'admin new user with errors',
		role: 'beheer',
		path: '/admin/users/new',
		prepare: async (page) => {
			// Passes the browser's `required` checks; the server refuses the taken address.
			await page.getByLabel('Naam').fill('Tweede Melder');
			await page.getByLabel('E-mailadres').fill('melder@ketentafel.test');
			await page.getByLabel('Organisatie').selectOption({ index: 1 });
			await page.getByRole('radio', { name: 'zorg', exact: true }).check();
			await page.getByLabel('Eerste wachtwoord').fill('een redelijk lang wachtwoord');
			await page.getByRole('button', { name: 'Account aanmaken' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{ name: 'admin edit user', role: 'beheer', path: '/admin/users', prepare: follow('Noor Hendriks') },
	{ name: 'admin organisations', role: 'beheer', path: '/admin/organisations' },
	{
		name: 'admin organisations with errors',
		role: 'beheer',
		path: '/admin/organisations',
		prepare: async (page) => {
			// The radio buttons are `required`: the browser would stop an empty submit before the server.
			await page.getByLabel('Naam').fill('X');
			await page.getByLabel('Gemeente').fill('Y');
			await page.getByRole('radio', { name: 'zorg', exact: true }).check();
			await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{
		name: 'admin edit organisation',
		role: 'beheer',
		path: '/admin/organisations',
		prepare: follow('Veilig Thuis Dommelstroom')
	},
	{ name: 'admin tables', role: 'beheer', path: '/admin/tables' },
	{
		name: 'admin tables with errors',
		role: 'beheer',
		path: '/admin/tables',
		prepare: async (page) => {
			await page.getByLabel('Naam').fill('Z');
			await page.getByLabel('Soort tafel').selectOption({ label: 'Zorgtafel' });
			await page.getByLabel('Grondslag').fill('Convenant');
			await page.getByRole('button', { name: 'Tafel toevoegen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{ name: 'admin table page', role: 'beheer', path: '/admin/tables', prepare: follow(ZORGTAFEL) },

	// Access log
	{ name: 'access log', role: 'fg', path: '/audit' },
	{ name: 'access log filtered', role: 'fg', path: '/audit?handeling=sign_in' },
	{ name: 'access log, nothing found', role: 'fg', path: '/audit?van=2001-01-01&tot=2001-01-02' },

	// Errors
	{ name: '404 page (signed in, forbidden page)', role: 'zorg', path: '/admin', status: 404 },
	{ name: '404 page (not signed in, unknown page)', role: null, path: '/bestaat-niet', status: 404 }
];

for (const check of PAGES) {
	test(`a11y: ${check.name} (${check.role ?? 'not signed in'}, ${check.path})`, async ({ browser, app }) => {
		const page = check.role ? await signedInPage(browser, app, check.role) : await visitor(browser, app);
		const response = await gotoReady(page, check.path);
		expect(response?.status(), `status of ${check.path}`).toBe(check.status ?? 200);
		await check.prepare?.(page, { browser, app });
		await expectAxeClean(page);
	});
}
