/**
 * WCAG 2.1 A/AA checks with axe on the pages of meetings and decisions (issue 7), escalations
 * (issue 9) and reports, for the demo accounts that use them: lists, the agenda builder as a draft
 * and published (every <details> opened), the member's view, a closed meeting, forms with errors,
 * the decision list and the escalation board filtered and empty, an escalation with its step form.
 *
 * Like a11y.spec.ts: every check stands alone and needs nothing from another; each worker has its
 * own database and signs in once per account. Checks with an error state submit forms the server
 * refuses, so they change nothing.
 */
import type { Browser, Page } from '@playwright/test';
import {
	demoCase,
	expect,
	expectAxeClean,
	gotoReady,
	meetingOf,
	meetingsOf,
	queryOne,
	signedInPage,
	test,
	type AppServer,
	type DemoAccount
} from './fixtures';

test.describe.configure({ mode: 'parallel' });

interface PageCheck {
	name: string;
	role: DemoAccount;
	/** The path, found in this spec's database. */
	path: (app: AppServer) => string;
	status?: number;
	/** Brings the page into the state to check. */
	prepare?: (page: Page, more: { browser: Browser; app: AppServer }) => Promise<void>;
}

/** The id of a demo case's escalation with this target. */
function escalationOf(
	app: AppServer,
	label: string,
	kind: 'victim' | 'perpetrator',
	target: 'riec' | 'zvh'
): number {
	const row = queryOne<{ id: number } | undefined>(
		app,
		'select id from escalation where case_id = ? and target = ? order by id limit 1',
		demoCase(app, label, kind).id,
		target
	);
	expect(row, `a ${target} escalation of ${label}`).toBeTruthy();
	return row!.id;
}

/** The Zorgtafel's next meeting after today's: published, with the review of earlier meetings. */
function zorgtafelNext(app: AppServer): number {
	return meetingsOf(app, 'zorgtafel')
		.filter((x) => x.status === 'published')
		.at(-1)!.id;
}

/** Opens every <details> on the page (agenda item editors, reschedule, step forms). */
async function openAllDetails(page: Page) {
	await page
		.locator('details')
		.evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
	await expect(page.locator('details:not([open])')).toHaveCount(0);
}

const SALON = 'Marktweg 12, Dommelstroom (fictief)';

const PAGES: PageCheck[] = [
	// Meetings
	{ name: 'meetings (member, zorg)', role: 'zorg', path: () => '/meetings' },
	{ name: 'meetings (secretary, with "new meeting")', role: 'coordinator.zorg', path: () => '/meetings' },
	{
		name: 'new meeting with an error',
		role: 'coordinator.veiligheid',
		path: () => '/meetings/new',
		prepare: async (page) => {
			// A valid URL for the browser, but not https: the server refuses it.
			await page.getByLabel('Videolink').fill('http://video.dommelstroom.example/avo');
			await page.getByRole('button', { name: 'Overleg plannen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
			await expect(page).toHaveURL(/\/meetings\/new$/);
		}
	},
	{
		name: 'draft agenda builder, every editor opened (secretary)',
		role: 'coordinator.veiligheid',
		path: (app) => `/meetings/${meetingOf(app, 'stuurtafel', 'draft').id}`,
		prepare: async (page) => {
			await expect(page.getByTestId('meeting-status')).toHaveText('concept');
			await expect(page.getByRole('button', { name: 'Agenda publiceren' })).toBeVisible();
			await openAllDetails(page);
		}
	},
	{
		name: 'published agenda: the review with an error, every editor opened (secretary)',
		role: 'coordinator.zorg',
		path: (app) => `/meetings/${zorgtafelNext(app)}`,
		prepare: async (page) => {
			// "Niet mogelijk" needs a reason: the server refuses it without one.
			const entry = page
				.getByTestId('review')
				.locator(':scope > li')
				.filter({ has: page.locator('form') })
				.first();
			await entry.getByLabel('Uitkomst').selectOption({ label: 'niet mogelijk (gewijzigde omstandigheden)' });
			await entry.getByRole('button', { name: /^Opslaan/ }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
			await openAllDetails(page);
		}
	},
	{
		name: 'published agenda: the decision form with an error, every editor opened (chair of the AVO)',
		role: 'coordinator.veiligheid',
		path: (app) => `/meetings/${meetingOf(app, 'avo', 'published').id}`,
		prepare: async (page) => {
			// An escalation decision needs a case item: refused without one.
			await page.locator('#d-kind').selectOption({ label: 'opschalen naar het RIEC' });
			await page.locator('#d-text').fill('Opschalen zonder agendapunt');
			await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
			await openAllDetails(page);
		}
	},
	{
		name: 'published agenda as a member (read only)',
		role: 'zorg',
		path: (app) => `/meetings/${meetingOf(app, 'zorgtafel', 'published').id}`,
		prepare: async (page) => {
			await expect(page.getByTestId('agenda')).toBeVisible();
			await expect(page.getByRole('button', { name: 'Casus op de agenda zetten' })).toHaveCount(0);
		}
	},
	{
		name: 'closed meeting with its decisions (chair of the Stuurtafel)',
		role: 'voorzitter.stuurtafel',
		path: (app) => `/meetings/${meetingOf(app, 'stuurtafel', 'closed').id}`,
		prepare: async (page) => {
			await expect(page.getByTestId('meeting-status')).toHaveText('gesloten');
			await expect(page.getByTestId('meeting-decisions')).toBeVisible();
			await openAllDetails(page);
		}
	},

	// Decisions
	{
		name: 'decision list with escalations waiting (chair of the Stuurtafel)',
		role: 'voorzitter.stuurtafel',
		path: () => '/decisions',
		prepare: async (page) => {
			await expect(page.getByTestId('decisions-escalations')).toBeVisible();
			await expect(page.getByTestId('decision-list')).toBeVisible();
		}
	},
	{
		name: 'decision list filtered',
		role: 'voorzitter.stuurtafel',
		path: () => '/decisions?soort=administrative_intervention&status=open'
	},
	{
		name: 'decision list, nothing found',
		role: 'coordinator.zorg',
		path: () => '/decisions?van=2001-01-01&tot=2001-01-02'
	},

	// Escalations
	{
		name: 'escalation board (coordinator, both routes)',
		role: 'coordinator.veiligheid',
		path: () => '/escalations',
		prepare: async (page) => {
			await expect(page.getByTestId('escalations-riec')).toBeVisible();
			await expect(page.getByTestId('escalations-zvh')).toBeVisible();
		}
	},
	{
		name: 'escalation board with ended routes (ZVH chair)',
		role: 'procesregisseur.zvh',
		path: () => '/escalations?afgerond=1'
	},
	{
		name: 'escalation board, nothing found',
		role: 'voorzitter.stuurtafel',
		path: () => '/escalations?stap=returned'
	},

	{
		name: 'escalation with its step form and an error (chair of the Stuurtafel)',
		role: 'voorzitter.stuurtafel',
		path: (app) => `/escalations/${escalationOf(app, SALON, 'perpetrator', 'riec')}`,
		prepare: async (page) => {
			// Returning it needs a note: refused without one.
			await page.getByRole('radio', { name: 'teruggelegd met terugkoppeling' }).check();
			await page.getByRole('button', { name: 'Stap vastleggen' }).click();
			await expect(page.getByTestId('form-error')).toBeVisible();
		}
	},
	{
		name: 'escalation with its timeline, read only (member)',
		role: 'veiligheid',
		path: (app) => `/escalations/${escalationOf(app, SALON, 'perpetrator', 'riec')}`,
		prepare: async (page) => {
			await expect(page.getByTestId('escalation-steps')).toBeVisible();
			await expect(page.getByRole('button', { name: 'Stap vastleggen' })).toHaveCount(0);
		}
	},
	{
		name: 'perpetrator case with the escalation form opened (coordinator)',
		role: 'coordinator.veiligheid',
		path: (app) => `/cases/${demoCase(app, 'J.', 'perpetrator').id}`,
		prepare: async (page) => {
			await page.getByTestId('case-escalations').locator('summary', { hasText: 'Opschalen' }).click();
			await expect(page.getByRole('button', { name: 'Opschaling voorstellen' })).toBeVisible();
		}
	},

	// Reports
	{ name: 'reports (coordinator, veiligheid)', role: 'coordinator.veiligheid', path: () => '/reports' },
	{ name: 'reports (chair of the Stuurtafel)', role: 'voorzitter.stuurtafel', path: () => '/reports' }
];

for (const check of PAGES) {
	test(`a11y: ${check.name} (${check.role})`, async ({ browser, app }) => {
		test.slow(); // a sign-in, a page and axe on a loaded two-core machine
		const page = await signedInPage(browser, app, check.role);
		const path = check.path(app);
		const response = await gotoReady(page, path);
		expect(response?.status(), `status of ${path}`).toBe(check.status ?? 200);
		await check.prepare?.(page, { browser, app });
		await expectAxeClean(page);
	});
}
