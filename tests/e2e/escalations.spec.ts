/**
 * Escalations (issue 9), as people use them: the AVO chair (a coordinator) proposes an RIEC
 * escalation of a perpetrator case and puts the case on an AVO agenda, which moves the
 * escalation; the AVO's decision "opschalen naar het RIEC" is its advice; the Stuurtafel chair
 * sees it waiting, accepts it with a decision and records that the RIEC has taken it on; the board
 * shows it in progress at the RIEC. The zorg member sees nothing of it anywhere. Forbidden and
 * skipped steps, decisions of other tables, a second open escalation and a closed case get a
 * Dutch message and change nothing in the database.
 */
import type { Page } from '@playwright/test';
import {
	demoCase,
	downloadVia,
	expect,
	getText,
	gotoReady,
	isoInDays,
	loginAs,
	openDatabase,
	parseCsv,
	postForm,
	queryOne,
	tableOfKind,
	test,
	userOf,
	type AppServer
} from './fixtures';

const TRANSITION_REFUSED = 'Deze stap is nu niet mogelijk: volg de stappen van de route.';

interface EscalationFacts {
	id: number;
	caseId: number;
	target: string;
	state: string;
	stateSince: number;
	closedAt: number | null;
}

/** The escalations of a case as stored, oldest first. */
function escalationsOf(app: AppServer, caseId: number): EscalationFacts[] {
	const db = openDatabase(app, { readonly: true });
	try {
		return db
			.prepare(
				`select id, case_id as caseId, target, state, state_since as stateSince, closed_at as closedAt
				 from escalation where case_id = ? order by id`
			)
			.all(caseId) as EscalationFacts[];
	} finally {
		db.close();
	}
}

/** The steps of an escalation as stored, in order. */
function stepsOf(
	app: AppServer,
	escalationId: number
): Array<{
	fromState: string | null;
	toState: string;
	byUserId: number;
	note: string | null;
	decisionId: number | null;
}> {
	const db = openDatabase(app, { readonly: true });
	try {
		return db
			.prepare(
				`select from_state as fromState, to_state as toState, by_user_id as byUserId, note, decision_id as decisionId
				 from escalation_step where escalation_id = ? order by at, id`
			)
			.all(escalationId) as Array<{
			fromState: string | null;
			toState: string;
			byUserId: number;
			note: string | null;
			decisionId: number | null;
		}>;
	} finally {
		db.close();
	}
}

/** Everything about the escalations that a refused request must leave as it was. */
function escalationSnapshot(app: AppServer): string {
	const db = openDatabase(app, { readonly: true });
	try {
		return JSON.stringify([
			db.prepare('select * from escalation order by id').all(),
			db.prepare('select * from escalation_step order by id').all(),
			db.prepare('select id, ave_phase, status from case_file order by id').all(),
			db.prepare('select case_id, table_id from case_table order by case_id, table_id').all()
		]);
	} finally {
		db.close();
	}
}

/** The escalation of one case with one target (the only one in the demo data). */
function escalationFor(app: AppServer, caseId: number, target: 'riec' | 'zvh'): EscalationFacts {
	const row = escalationsOf(app, caseId).find((e) => e.target === target);
	expect(row, `a ${target} escalation of case ${caseId}`).toBeTruthy();
	return row!;
}

/** Records a decision in the meeting that is open in the page, at the agenda item of a case. */
async function recordDecision(page: Page, item: string, kind: string, text: string) {
	await page.locator('#d-item').selectOption({ label: item });
	await page.locator('#d-kind').selectOption({ label: kind });
	await page.locator('#d-text').fill(text);
	await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
	await expect(page.getByTestId('meeting-decisions')).toContainText(text);
}

test('an RIEC escalation goes from proposal via the AVO and the Stuurtafel to the RIEC, and the zorg member sees none of it', async ({
	browser,
	app
}) => {
	// Three people, two meetings and a dozen form round trips: more than test.slow() allows on a
	// loaded two-core machine.
	test.setTimeout(180_000);
	const suspect = demoCase(app, 'J.', 'perpetrator');
	const victim = demoCase(app, 'J.', 'victim');
	const avo = tableOfKind(app, 'avo');
	const stuurtafel = tableOfKind(app, 'stuurtafel');
	const sanne = userOf(app, 'coordinator.veiligheid');
	const joostUser = userOf(app, 'voorzitter.stuurtafel');
	expect(escalationsOf(app, suspect.id), 'the demo case starts without escalations').toEqual([]);
	const itemLabel = `1. ${suspect.reference} – J.`;
	// Unique texts, to look for them where the zorg member must not find them.
	const note = 'Voorstel-opschaling-7Q3: netwerk rond de verdachte vraagt een integrale aanpak.';
	const advice = 'AVO-advies-7Q3: integraal aanpakken als RIEC-casus.';
	const accepted = 'Stuurtafel-besluit-7Q3: aangenomen als RIEC-casus.';
	const intake = 'RIEC-intake-7Q3: casus is ingebracht bij het RIEC.';

	// 1. The coordinator proposes the escalation on the case page.
	const coordinator = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(coordinator, `/cases/${suspect.id}`);
	const section = coordinator.getByTestId('case-escalations');
	await section.locator('summary', { hasText: 'Opschalen' }).click();
	await expect(section.getByRole('radio', { name: 'RIEC (integrale aanpak)' })).toBeChecked();
	await section.locator('#esc-note').fill(note);
	await section.getByRole('button', { name: 'Opschaling voorstellen' }).click();
	await expect(section.getByRole('listitem').filter({ hasText: 'RIEC (integrale aanpak)' })).toContainText(
		'voorgesteld'
	);
	const [escalation] = escalationsOf(app, suspect.id);
	expect(escalation).toMatchObject({ target: 'riec', state: 'proposed', closedAt: null });
	expect(stepsOf(app, escalation.id)).toEqual([
		{ fromState: null, toState: 'proposed', byUserId: sanne.id, note, decisionId: null }
	]);

	// 2. She puts the case on the agenda of an AVO meeting: the escalation is on the AVO agenda.
	await gotoReady(coordinator, '/meetings/new');
	await coordinator.getByLabel('Tafel').selectOption({ label: avo.name });
	await coordinator.getByLabel('Datum en tijd').fill(`${isoInDays(3)}T10:00`);
	await coordinator.getByLabel('Plaats').fill('Politiebureau Dommelstroom');
	await coordinator.getByRole('button', { name: 'Overleg plannen' }).click();
	await expect(coordinator).toHaveURL(/\/meetings\/\d+$/);
	await coordinator.waitForLoadState('networkidle');
	await coordinator.locator('#caseId').selectOption({ label: `${suspect.reference} – J.` });
	await coordinator.getByRole('button', { name: 'Casus op de agenda zetten' }).click();
	await expect(coordinator.getByTestId('agenda')).toContainText(itemLabel);
	await expect.poll(() => escalationsOf(app, suspect.id)[0].state).toBe('on_avo_agenda');

	await gotoReady(coordinator, `/escalations/${escalation.id}`);
	await expect(coordinator.getByTestId('escalation-state')).toHaveText('op de agenda van de AVO');
	await coordinator.goBack();
	await coordinator.waitForLoadState('networkidle');

	// 3. The AVO meets (published agenda) and advises with a decision "opschalen naar het RIEC".
	await coordinator.getByRole('button', { name: 'Agenda publiceren' }).click();
	await expect(coordinator.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	await recordDecision(coordinator, itemLabel, 'opschalen naar het RIEC', advice);
	const adviceId = queryOne<{ id: number }>(app, 'select id from decision where text = ?', advice).id;
	await expect.poll(() => escalationsOf(app, suspect.id)[0].state).toBe('avo_advice');

	// 4. The Stuurtafel chair sees it waiting on his table, on his start page and in the decision list…
	const joost = await loginAs(browser, app, 'voorzitter.stuurtafel');
	await expect(
		joost.getByTestId('home-escalations').getByRole('listitem').filter({ hasText: suspect.reference })
	).toContainText('RIEC (integrale aanpak): advies AVO');
	await gotoReady(joost, '/decisions');
	await expect(
		joost.getByTestId('decisions-escalations').getByRole('listitem').filter({ hasText: suspect.reference })
	).toContainText('RIEC (integrale aanpak): advies AVO');

	// …and accepts it with a decision in the Stuurtafel's next meeting (its agenda has the case).
	const next = queryOne<{ id: number }>(
		app,
		"select id from meeting where table_id = ? and status = 'draft' order by starts_at limit 1",
		stuurtafel.id
	);
	await gotoReady(joost, `/meetings/${next.id}`);
	await joost.getByRole('button', { name: 'Agenda publiceren' }).click();
	await expect(joost.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	await recordDecision(joost, itemLabel, 'opschalen naar het RIEC', accepted);
	const acceptedId = queryOne<{ id: number }>(app, 'select id from decision where text = ?', accepted).id;
	await expect.poll(() => escalationsOf(app, suspect.id)[0].state).toBe('accepted');

	// 5. He records that the RIEC has taken it on: the one step the route allows now.
	await gotoReady(joost, `/escalations/${escalation.id}`);
	await expect(joost.getByTestId('escalation-state')).toHaveText('aangenomen als RIEC-casus');
	const step = joost.getByRole('group', { name: 'Volgende stap' });
	await expect(step.getByRole('radio')).toHaveCount(1);
	await expect(step.getByRole('radio', { name: 'in behandeling bij het RIEC' })).toBeChecked();
	await joost.getByLabel('Notitie').fill(intake);
	await joost
		.getByLabel('Besluit', { exact: true })
		.selectOption({ label: `${stuurtafel.name}: ${accepted}` });
	await joost.getByRole('button', { name: 'Stap vastleggen' }).click();
	await expect(joost.getByText('Opgeslagen.')).toBeVisible();
	await expect(joost.getByTestId('escalation-state')).toHaveText('in behandeling bij het RIEC');
	const timeline = joost.getByTestId('escalation-steps').getByRole('listitem');
	await expect(timeline).toHaveCount(5);
	await expect(timeline.nth(0)).toContainText(`voorgesteld – ${sanne.name}`);
	await expect(timeline.nth(0)).toContainText(note);
	await expect(timeline.nth(2)).toContainText(`op grond van besluit: ${advice}`);
	await expect(timeline.nth(3)).toContainText(`aangenomen als RIEC-casus – ${joostUser.name}`);
	await expect(timeline.nth(4)).toContainText(intake);

	// Who, when, what and on which decision, as stored.
	expect(escalationsOf(app, suspect.id)).toEqual([
		expect.objectContaining({ id: escalation.id, state: 'riec_in_progress', closedAt: null })
	]);
	expect(stepsOf(app, escalation.id)).toEqual([
		{ fromState: null, toState: 'proposed', byUserId: sanne.id, note, decisionId: null },
		{ fromState: 'proposed', toState: 'on_avo_agenda', byUserId: sanne.id, note: null, decisionId: null },
		{
			fromState: 'on_avo_agenda',
			toState: 'avo_advice',
			byUserId: sanne.id,
			note: null,
			decisionId: adviceId
		},
		{
			fromState: 'avo_advice',
			toState: 'accepted',
			byUserId: joostUser.id,
			note: null,
			decisionId: acceptedId
		},
		{
			fromState: 'accepted',
			toState: 'riec_in_progress',
			byUserId: joostUser.id,
			note: intake,
			decisionId: acceptedId
		}
	]);

	// 6. The board shows it in progress at the RIEC, and so does its CSV export.
	await gotoReady(joost, '/escalations');
	const row = joost
		.getByTestId('escalations-riec')
		.locator('tbody tr')
		.filter({ hasText: suspect.reference });
	await expect(row).toHaveCount(1);
	await expect(row.locator('td').nth(1)).toHaveText('in behandeling bij het RIEC');
	await expect(row.locator('td').nth(2)).toHaveText('0 dag(en)');
	await expect(row.locator('td').nth(4)).toContainText('afgerond / teruggelegd met terugkoppeling');
	await expect(joost.getByTestId('escalations-zvh')).toHaveCount(0); // not on a ZVH route
	const file = await downloadVia(joost, joost.getByRole('link', { name: 'Exporteren naar CSV' }));
	expect(file.name).toBe('opschalingen.csv');
	const [header, ...data] = parseCsv(file.body.toString('utf8'));
	const exported = data.find((r) => r[0] === suspect.reference);
	expect(exported, 'the escalation is in the export').toBeTruthy();
	expect(exported![header.indexOf('Doel')]).toBe('RIEC (integrale aanpak)');
	expect(exported![header.indexOf('Stap')]).toBe('in behandeling bij het RIEC');

	// 7. The zorg member of the Zorgtafel sees nothing of it: not on the board, not in the export,
	// not on the linked victim case, not the escalation itself, nor the decisions.
	const noor = await loginAs(browser, app, 'zorg');
	const secrets = [suspect.reference, note, advice, accepted, intake];
	await gotoReady(noor, '/escalations');
	await expect(noor.getByRole('heading', { level: 1, name: 'Opschalingen' })).toBeVisible();
	await expect(noor.getByTestId('escalations-riec')).toHaveCount(0);
	await expect(noor.getByRole('main')).not.toContainText(suspect.reference);
	for (const path of [
		'/escalations',
		'/escalations/__data.json',
		'/escalations/__data.json?afgerond=1',
		'/escalations.csv',
		'/escalations.csv?afgerond=1&doel=riec',
		'/',
		'/__data.json',
		'/decisions',
		'/decisions/__data.json',
		'/decisions.csv',
		'/meetings',
		'/meetings/__data.json',
		`/cases/${victim.id}`,
		`/cases/${victim.id}/__data.json`,
		'/cases/__data.json'
	]) {
		const { status, text } = await getText(noor, path);
		expect(status, `${path} for the zorg member`).toBe(200);
		for (const secret of secrets)
			expect(text, `${path} must not show “${secret}” to the zorg member`).not.toContain(secret);
		// No RIEC route at all: not in the data of a page, not in a row of the export.
		if (path.includes('__data.json'))
			expect(text, `${path}: no RIEC route for the zorg member`).not.toMatch(/"riec"/);
		if (path.includes('.csv'))
			expect(text, `${path}: no RIEC route for the zorg member`).not.toContain('RIEC');
		if (!path.includes('.'))
			expect(text, `${path}: no RIEC board for the zorg member`).not.toContain('escalations-riec');
	}
	await gotoReady(noor, `/cases/${victim.id}`);
	await expect(noor.getByRole('heading', { level: 1 })).toContainText(victim.reference);
	await expect(noor.getByTestId('case-escalations')).toHaveCount(0); // no escalation it may see
	await expect(noor.getByRole('main')).not.toContainText(suspect.reference);

	const deniedBefore = queryOne<{ n: number }>(
		app,
		"select count(*) as n from access_log where user_id = ? and action = 'denied'",
		userOf(app, 'zorg').id
	).n;
	for (const path of [
		`/escalations/${escalation.id}`,
		`/escalations/${escalation.id}/__data.json`,
		`/cases/${suspect.id}`,
		`/cases/${suspect.id}/__data.json`
	]) {
		const { status, text } = await getText(noor, path);
		// SvelteKit answers a data request with 200 and the error (with its status) inside.
		if (path.endsWith('__data.json')) expect(text, `${path} for the zorg member`).toMatch(/"status":404/);
		else expect(status, `${path} for the zorg member`).toBe(404);
		for (const secret of secrets) expect(text).not.toContain(secret);
	}
	const deniedAfter = queryOne<{ n: number }>(
		app,
		"select count(*) as n from access_log where user_id = ? and action = 'denied'",
		userOf(app, 'zorg').id
	).n;
	expect(deniedAfter - deniedBefore, 'each refusal is in the access log').toBeGreaterThanOrEqual(4);
});

test('skipping a state or a forbidden step gets a Dutch message and changes nothing', async ({
	browser,
	app
}) => {
	test.setTimeout(150_000); // four sign-ins and a dozen crafted requests
	const pimp = demoCase(app, 'K.L.', 'perpetrator');
	const proposed = escalationFor(app, pimp.id, 'riec');
	expect(proposed.state).toBe('proposed');
	const zorgtafelDecision = queryOne<{ id: number }>(
		app,
		"select id from decision where text = 'Traject traumazorg starten via de GGZ.'"
	).id;
	const before = escalationSnapshot(app);

	// In the browser: the form offers only the next state; a tampered choice is refused.
	const sanne = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(sanne, `/escalations/${proposed.id}`);
	await expect(sanne.getByTestId('escalation-state')).toHaveText('voorgesteld');
	const choices = sanne.getByRole('group', { name: 'Volgende stap' }).getByRole('radio');
	await expect(choices).toHaveCount(1);
	await expect(choices.first()).toHaveAccessibleName('op de agenda van de AVO');
	await choices.first().evaluate((el) => ((el as HTMLInputElement).value = 'riec_in_progress'));
	await sanne.getByRole('button', { name: 'Stap vastleggen' }).click();
	await expect(sanne.getByTestId('form-error')).toContainText(TRANSITION_REFUSED);
	await expect(sanne.getByTestId('escalation-state')).toHaveText('voorgesteld');
	expect(escalationSnapshot(app)).toBe(before);

	// Crafted requests: skipping states, an unknown state, a decision of another table.
	for (const [to, extra, status, message] of [
		['avo_advice', {}, 409, TRANSITION_REFUSED],
		['accepted', {}, 409, TRANSITION_REFUSED],
		['completed', {}, 409, TRANSITION_REFUSED],
		['submitted', {}, 409, TRANSITION_REFUSED], // a state of the other route
		['vergeten', {}, 400, 'Status'],
		[
			'on_avo_agenda',
			{ decisionId: String(zorgtafelDecision) },
			400,
			'Dit besluit hoort niet bij deze casus of niet bij een tafel op de route.'
		]
	] as const) {
		const res = await postForm(sanne, app, `/escalations/${proposed.id}?/step`, {
			to,
			note: 'overgeslagen',
			...extra
		});
		expect(res.status(), `step to ${to}`).toBe(status);
		expect(await res.text(), `step to ${to}`).toContain(message);
	}
	expect(escalationSnapshot(app)).toBe(before);

	// An ended route takes no more steps.
	const kwekerij = demoCase(app, 'Industrieweg 7, Dommelstroom (fictief)', 'perpetrator');
	const declined = escalationFor(app, kwekerij.id, 'riec');
	expect(declined.state).toBe('declined');
	await gotoReady(sanne, `/escalations/${declined.id}`);
	await expect(sanne.getByRole('button', { name: 'Stap vastleggen' })).toHaveCount(0);
	const ended = await postForm(sanne, app, `/escalations/${declined.id}?/step`, {
		to: 'riec_in_progress',
		note: 'toch'
	});
	expect(ended.status()).toBe(409);
	expect(await ended.text()).toContain(TRANSITION_REFUSED);

	// A second open escalation with the same target on one case, through the form.
	await gotoReady(sanne, `/cases/${pimp.id}`);
	const section = sanne.getByTestId('case-escalations');
	await section.locator('summary', { hasText: 'Opschalen' }).click();
	await section.getByRole('button', { name: 'Opschaling voorstellen' }).click();
	await expect(sanne.getByTestId('form-error')).toContainText(
		'Deze casus heeft al een lopende opschaling met dit doel.'
	);
	expect(escalationSnapshot(app)).toBe(before);

	// A member of the route whose table does not take this step (the AVO steps are the AVO
	// chair's and coordinators'): no form, and a crafted step is refused.
	const ruben = await loginAs(browser, app, 'veiligheid');
	await gotoReady(ruben, `/escalations/${proposed.id}`);
	await expect(ruben.getByTestId('escalation-state')).toHaveText('voorgesteld');
	await expect(ruben.getByRole('button', { name: 'Stap vastleggen' })).toHaveCount(0);
	const notYours = await postForm(ruben, app, `/escalations/${proposed.id}?/step`, {
		to: 'on_avo_agenda',
		note: ''
	});
	expect(notYours.status()).toBe(400);
	expect(await notYours.text()).toContain('Deze stap wordt gezet door een andere tafel op de route.');

	// Someone not on the route at all: 404, logged.
	const noor = await loginAs(browser, app, 'zorg');
	const noorId = userOf(app, 'zorg').id;
	const count = () =>
		queryOne<{ n: number }>(
			app,
			"select count(*) as n from access_log where user_id = ? and action = 'denied' and detail like ?",
			noorId,
			`/escalations/${proposed.id}%`
		).n;
	const deniedBefore = count();
	const outsider = await postForm(noor, app, `/escalations/${proposed.id}?/step`, {
		to: 'on_avo_agenda',
		note: ''
	});
	expect(outsider.status()).toBe(404);
	expect(await outsider.text()).not.toContain(pimp.reference);
	expect(count()).toBe(deniedBefore + 1);

	// A closed case cannot be escalated; the RIEC route is for perpetrator cases.
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	const closed = demoCase(app, 'G.T.');
	expect(closed.status).toBe('closed');
	const onClosed = await postForm(yusuf, app, `/cases/${closed.id}?/escalate`, { target: 'zvh', note: '' });
	expect(onClosed.status()).toBe(409);
	expect(await onClosed.text()).toContain('Een gesloten casus kan niet worden opgeschaald.');
	const anna = demoCase(app, 'A.K.');
	const victimToRiec = await postForm(yusuf, app, `/cases/${anna.id}?/escalate`, {
		target: 'riec',
		note: ''
	});
	expect(victimToRiec.status()).toBe(400);
	expect(await victimToRiec.text()).toContain('Naar het RIEC worden daderzaken opgeschaald.');

	expect(
		escalationSnapshot(app),
		'no refused request changed an escalation, a step, a phase or a table'
	).toBe(before);
});

test('a ZVH route is seen at the escalating table, but the ZVH table’s decisions stay at the ZVH', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins
	const chloe = demoCase(app, 'C.');
	const route = escalationFor(app, chloe.id, 'zvh');
	expect(route.state).toBe('triage');
	const zvh = tableOfKind(app, 'zvh');
	// A decision of the ZVH case meeting about the case (planted: the ZVH has no open meeting).
	const marker = 'ZVH-besluit-4K8: veiligheidsplan met de politie en opvang buiten de regio.';
	const db = openDatabase(app);
	try {
		const zvhMeeting = db
			.prepare('select id from meeting where table_id = ? order by starts_at limit 1')
			.get(zvh.id) as {
			id: number;
		};
		db.prepare(
			`insert into decision (meeting_id, table_id, case_id, kind, text, status, created_by, created_at)
			 values (?, ?, ?, 'other', ?, 'open', ?, ?)`
		).run(zvhMeeting.id, zvh.id, chloe.id, marker, userOf(app, 'procesregisseur.zvh').id, Date.now());
	} finally {
		db.close();
	}

	// The ZVH chair, whose step it is, may cite it.
	const lotte = await loginAs(browser, app, 'procesregisseur.zvh');
	await gotoReady(lotte, `/escalations/${route.id}`);
	await expect(lotte.getByLabel('Besluit', { exact: true }).locator('option')).toContainText([
		`${zvh.name}: ${marker}`
	]);

	// The zorg member of the Zorgtafel that escalated follows the route, without the ZVH's decision.
	const noor = await loginAs(browser, app, 'zorg');
	await gotoReady(noor, `/escalations/${route.id}`);
	await expect(noor.getByTestId('escalation-state')).toHaveText('triage');
	await expect(noor.getByRole('button', { name: 'Stap vastleggen' })).toHaveCount(0);
	for (const path of [
		`/escalations/${route.id}`,
		`/escalations/${route.id}/__data.json`,
		'/decisions',
		'/decisions.csv'
	]) {
		const { status, text } = await getText(noor, path);
		expect(status, path).toBe(200);
		expect(text, `${path} must not carry the ZVH table's decision to a Zorgtafel member`).not.toContain(
			marker
		);
	}
});
