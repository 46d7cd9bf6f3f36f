/**
 * Meetings and decisions (issue 7), as people use them: the Zorgtafel's secretary schedules a
 * meeting, builds its agenda (case items only for cases on the table, a general item, order by
 * buttons and by dragging, presenters, planned minutes), publishes it and concludes the review of
 * earlier open actions ("gereed", "doorgeschoven"); a meeting in the past cannot be published; a
 * case that is not on the table cannot be put on the agenda; a member downloads the calendar
 * invitation (table, time and place, no case content) and makes and revokes a personal calendar
 * feed; non-members get 404 for the invitation; the Stuurtafel chair filters the decision list and
 * exports it as formula-safe CSV; decisions on a closed meeting are refused.
 */
import type { Locator, Page } from '@playwright/test';
import {
	ZORGTAFEL,
	agendaOf,
	demoCase,
	downloadVia,
	expect,
	getText,
	gotoReady,
	isoInDays,
	loginAs,
	meetingOf,
	meetingStatus,
	meetingsOf,
	openDatabase,
	parseCsv,
	postForm,
	queryOne,
	tableOfKind,
	test,
	unfoldIcs,
	userOf,
	visitor
} from './fixtures';

/** The agenda items' headings ("1. S-2026-0001 – A.K."), in order. */
function agendaHeadings(page: Page): Locator {
	return page.getByTestId('agenda').locator(':scope > li .agenda__main strong');
}

/** The review entry (Terugblik) with this title. */
function reviewEntry(page: Page, title: string): Locator {
	return page.getByTestId('review').locator(':scope > li').filter({ hasText: title });
}

function count(app: Parameters<typeof queryOne>[0], sql: string, ...params: unknown[]): number {
	return queryOne<{ n: number }>(app, sql, ...params).n;
}

/** Every case reference and every subject label of at least three characters (for calendar files). */
function caseTexts(app: Parameters<typeof queryOne>[0]): string[] {
	const db = openDatabase(app, { readonly: true });
	try {
		const refs = (db.prepare('select reference from case_file').all() as Array<{ reference: string }>).map(
			(r) => r.reference
		);
		const labels = (db.prepare('select label from subject').all() as Array<{ label: string }>)
			.map((r) => r.label)
			.filter((l) => l.length >= 3);
		return [...refs, ...labels];
	} finally {
		db.close();
	}
}

test('the secretary builds and publishes an agenda, and the review concludes earlier open actions', async ({
	browser,
	app
}) => {
	// Three sign-ins and a dozen form round trips.
	test.setTimeout(150_000);
	const anna = demoCase(app, 'A.K.');
	const bogdan = demoCase(app, 'B.P.');
	const noor = userOf(app, 'zorg');
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');

	// Schedule: a draft for a month from now.
	await gotoReady(yusuf, '/meetings/new');
	await yusuf.getByLabel('Tafel').selectOption({ label: ZORGTAFEL });
	await yusuf.getByLabel('Datum en tijd').fill(`${isoInDays(30)}T14:00`);
	await yusuf.getByLabel('Plaats').fill('Stadskantoor Dommelstroom, zaal 1.01');
	await yusuf.getByRole('button', { name: 'Overleg plannen' }).click();
	await expect(yusuf).toHaveURL(/\/meetings\/\d+$/);
	const meetingId = Number(/\/meetings\/(\d+)$/.exec(yusuf.url())![1]);
	await yusuf.waitForLoadState('networkidle');
	await expect(yusuf.getByTestId('meeting-status')).toHaveText('concept');
	await expect(yusuf.getByText('Dit is een concept')).toBeVisible();

	// A draft is for the planners only: the member does not find it.
	const member = await loginAs(browser, app, 'zorg');
	expect((await getText(member, `/meetings/${meetingId}`)).status).toBe(404);

	// Case items: only cases on this table are offered.
	const offered = await yusuf.locator('#caseId option').allInnerTexts();
	expect(offered).toContain(`${bogdan.reference} – B.P.`);
	expect(
		offered.some((o) =>
			o.includes(demoCase(app, 'Marktweg 12, Dommelstroom (fictief)', 'perpetrator').reference)
		)
	).toBe(false);
	expect(offered.some((o) => o.includes(demoCase(app, 'F.A.').reference))).toBe(false);

	await yusuf.locator('#caseId').selectOption({ label: `${bogdan.reference} – B.P.` });
	await yusuf.locator('#case-presenter').selectOption({ label: `${noor.name} (${noor.organisation})` });
	await yusuf.locator('#case-minutes').fill('20');
	await yusuf.getByRole('button', { name: 'Casus op de agenda zetten' }).click();
	await expect(agendaHeadings(yusuf)).toHaveText([`1. ${bogdan.reference} – B.P.`]);

	await yusuf.locator('#caseId').selectOption({ label: `${anna.reference} – A.K.` });
	await yusuf.locator('#case-minutes').fill('15');
	await yusuf.getByRole('button', { name: 'Casus op de agenda zetten' }).click();
	await expect(agendaHeadings(yusuf)).toHaveCount(2);

	await yusuf.locator('#general-title').fill('Evaluatie samenwerking met de GGD');
	await yusuf.locator('#general-minutes').fill('10');
	await yusuf.getByRole('button', { name: 'Agendapunt toevoegen' }).click();
	await expect(agendaHeadings(yusuf)).toHaveText([
		`1. ${bogdan.reference} – B.P.`,
		`2. ${anna.reference} – A.K.`,
		'3. Evaluatie samenwerking met de GGD'
	]);
	await expect(yusuf.getByText('Geplande tijd: 45 minuten')).toBeVisible();
	await expect(yusuf.getByTestId('agenda').locator(':scope > li').first()).toContainText(
		`inbreng: ${noor.name}`
	);

	// Order with the keyboard-friendly buttons…
	await yusuf.getByRole('button', { name: `${anna.reference} – A.K. een plaats omhoog` }).click();
	await expect(agendaHeadings(yusuf)).toHaveText([
		`1. ${anna.reference} – A.K.`,
		`2. ${bogdan.reference} – B.P.`,
		'3. Evaluatie samenwerking met de GGD'
	]);
	// …and by dragging an item onto another.
	const items = yusuf.getByTestId('agenda').locator(':scope > li');
	await items.nth(2).dragTo(items.nth(0));
	await expect(agendaHeadings(yusuf)).toHaveText([
		'1. Evaluatie samenwerking met de GGD',
		`2. ${anna.reference} – A.K.`,
		`3. ${bogdan.reference} – B.P.`
	]);
	expect(agendaOf(app, meetingId).map((i) => i.caseId ?? i.title)).toEqual([
		'Evaluatie samenwerking met de GGD',
		anna.id,
		bogdan.id
	]);

	// The review brings back the open actions and decisions of earlier Zorgtafel meetings.
	const review = yusuf.getByTestId('review');
	for (const title of [
		'Intakegesprek met advocaat plannen',
		'Verwijzing GGZ versturen',
		'Woning via de Wmo regelen',
		'Traject traumazorg starten via de GGZ.',
		'Huisvesting met voorrang via de Wmo regelen.'
	])
		await expect(review, `review lists “${title}”`).toContainText(title);
	// Not yet to be concluded while the agenda is a draft.
	await expect(review.getByRole('button')).toHaveCount(0);

	// Publish: members see it, with a notice on their start page.
	await yusuf.getByRole('button', { name: 'Agenda publiceren' }).click();
	await expect(yusuf.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	expect(meetingStatus(app, meetingId)).toBe('published');
	await gotoReady(member, '/');
	await expect(
		member.getByTestId('home-published').filter({ has: member.locator(`a[href="/meetings/${meetingId}"]`) })
	).toContainText(ZORGTAFEL);
	await gotoReady(member, `/meetings/${meetingId}`);
	await expect(agendaHeadings(member)).toHaveText([
		'1. Evaluatie samenwerking met de GGD',
		`2. ${anna.reference} – A.K.`,
		`3. ${bogdan.reference} – B.P.`
	]);
	// Each member sees the review in the compartments their domain sees at this table: the zorg
	// member the care plan's action, the police member only the shared one.
	await expect(member.getByTestId('review')).toContainText('Verwijzing GGZ versturen');
	await expect(member.getByTestId('review')).toContainText('Intakegesprek met advocaat plannen');
	const police = await loginAs(browser, app, 'veiligheid');
	await gotoReady(police, `/meetings/${meetingId}`);
	await expect(agendaHeadings(police)).toHaveCount(3);
	await expect(police.getByTestId('review')).toContainText('Intakegesprek met advocaat plannen');
	await expect(police.getByTestId('review')).not.toContainText('Verwijzing GGZ versturen');
	const policeData = await getText(police, `/meetings/${meetingId}/__data.json`);
	expect(policeData.text).toContain('Intakegesprek met advocaat plannen');
	expect(policeData.text, 'the care action must not reach the police member').not.toContain(
		'Verwijzing GGZ versturen'
	);
	await police.context().close();
	// The member takes part but does not plan: no builder, no review forms.
	await expect(member.getByRole('button', { name: 'Casus op de agenda zetten' })).toHaveCount(0);
	await expect(member.getByTestId('review').getByRole('button')).toHaveCount(0);

	// The review, concluded in the published agenda: a reason is required for "niet mogelijk"…
	const intake = reviewEntry(yusuf, 'Intakegesprek met advocaat plannen');
	await intake.getByLabel('Uitkomst').selectOption({ label: 'niet mogelijk (gewijzigde omstandigheden)' });
	await intake.getByRole('button', { name: /^Opslaan/ }).click();
	await expect(yusuf.getByTestId('form-error')).toContainText('Geef een reden op');
	expect(count(app, 'select count(*) as n from review_outcome where meeting_id = ?', meetingId)).toBe(0);

	// …"gereed" marks the action done in its plan…
	await intake.getByLabel('Uitkomst').selectOption({ label: 'gereed' });
	await intake.getByRole('button', { name: /^Opslaan/ }).click();
	await expect(yusuf.getByText('Opgeslagen.')).toBeVisible();
	await expect
		.poll(
			() =>
				queryOne<{ status: string }>(
					app,
					"select status from case_action where title = 'Intakegesprek met advocaat plannen'"
				).status
		)
		.toBe('done');
	await expect(intake.locator('form')).toHaveCount(0);

	// …"doorgeschoven" keeps it open and shows the outcome.
	const housing = reviewEntry(yusuf, 'Woning via de Wmo regelen');
	await housing.getByLabel('Uitkomst').selectOption({ label: 'doorgeschoven' });
	await housing.getByRole('button', { name: /^Opslaan/ }).click();
	await expect(housing.locator('.badge--success')).toHaveText('doorgeschoven');
	await expect(housing.locator('form')).toHaveCount(0);
	expect(
		queryOne<{ status: string }>(
			app,
			"select status from case_action where title = 'Woning via de Wmo regelen'"
		).status
	).toBe('open');
	const outcomes = openDatabase(app, { readonly: true });
	const rows = outcomes
		.prepare('select outcome from review_outcome where meeting_id = ? order by id')
		.all(meetingId) as Array<{ outcome: string }>;
	outcomes.close();
	expect(rows.map((r) => r.outcome)).toEqual(['done', 'carried_over']);

	// The member sees the action done in the case plan.
	await gotoReady(member, `/cases/${anna.id}`);
	await expect(
		member
			.getByTestId('actions-shared')
			.locator('li')
			.filter({ hasText: 'Intakegesprek met advocaat plannen' })
	).toContainText('gereed');
});

test('a meeting in the past cannot be published: a Dutch message, and it stays a draft', async ({
	browser,
	app
}) => {
	test.slow(); // a sign-in and a form round trip, on a loaded machine
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await gotoReady(yusuf, '/meetings/new');
	await yusuf.getByLabel('Tafel').selectOption({ label: ZORGTAFEL });
	await yusuf.getByLabel('Datum en tijd').fill(`${isoInDays(-2)}T10:00`);
	await yusuf.getByRole('button', { name: 'Overleg plannen' }).click();
	await expect(yusuf).toHaveURL(/\/meetings\/\d+$/);
	const meetingId = Number(/\/meetings\/(\d+)$/.exec(yusuf.url())![1]);
	await yusuf.waitForLoadState('networkidle');

	// The page says why the button does not work.
	await expect(yusuf.getByRole('button', { name: 'Agenda publiceren' })).toBeDisabled();
	await expect(
		yusuf.getByText('Een overleg in het verleden kan niet meer worden gepubliceerd.')
	).toBeVisible();

	// A crafted request gets the same answer and changes nothing.
	const res = await postForm(yusuf, app, `/meetings/${meetingId}?/advance`, { status: 'published' });
	expect(res.status()).toBe(409);
	expect(await res.text()).toContain(
		'Een overleg in het verleden kan niet meer worden gepubliceerd. Kies een nieuwe datum.'
	);
	expect(meetingStatus(app, meetingId)).toBe('draft');
	// Nor can the start be skipped to.
	const skip = await postForm(yusuf, app, `/meetings/${meetingId}?/advance`, { status: 'in_progress' });
	expect(skip.status()).toBe(409);
	expect(await skip.text()).toContain('Deze stap kan nu niet');
	expect(meetingStatus(app, meetingId)).toBe('draft');
});

test('a case that is not on the table cannot be put on the agenda (crafted requests, Dutch message)', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins, on a loaded machine
	const next = meetingsOf(app, 'zorgtafel')
		.filter((x) => x.status === 'published')
		.at(-1)!;
	const before = agendaOf(app, next.id).length;
	const salon = demoCase(app, 'Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
	const farah = demoCase(app, 'F.A.'); // on the ZVH table; the secretary reaches it as case lead
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await gotoReady(yusuf, `/meetings/${next.id}`);
	const offered = await yusuf.locator('#caseId option').allInnerTexts();
	expect(offered.some((o) => o.includes(farah.reference) || o.includes(salon.reference))).toBe(false);

	for (const caseId of [farah.id, salon.id, 999_999]) {
		const res = await postForm(yusuf, app, `/meetings/${next.id}?/addCase`, {
			caseId: String(caseId),
			presenterId: '',
			plannedMinutes: '15'
		});
		expect(res.status(), `case ${caseId}`).toBe(400);
		const body = await res.text();
		expect(body).toContain('Alleen casussen die op deze tafel staan, kunnen op de agenda.');
		// The refusal does not confirm that the perpetrator case exists.
		expect(body).not.toContain(salon.reference);
	}
	expect(agendaOf(app, next.id)).toHaveLength(before);

	// A member who does not plan cannot add anything at all.
	const member = await loginAs(browser, app, 'zorg');
	const res = await postForm(member, app, `/meetings/${next.id}?/addGeneral`, {
		title: 'Ingebracht door een lid',
		plannedMinutes: '5'
	});
	expect(res.status()).toBe(404);
	expect(agendaOf(app, next.id)).toHaveLength(before);
});

test('a member downloads the invitation: text/calendar with table, time and place, no case content', async ({
	browser,
	app
}) => {
	test.slow(); // a sign-in and a download, on a loaded machine
	const today = meetingOf(app, 'zorgtafel', 'published');
	const page = await loginAs(browser, app, 'zorg');
	await gotoReady(page, `/meetings/${today.id}`);
	const file = await downloadVia(
		page,
		page.getByRole('link', { name: 'Uitnodiging downloaden (agenda-bestand)' })
	);
	expect(file.name).toBe(`overleg-${today.id}.ics`);
	const ics = unfoldIcs(file.body.toString('utf8'));
	expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
	expect(ics).toContain(`SUMMARY:${ZORGTAFEL}`);
	expect(ics).toContain('LOCATION:Stadskantoor Dommelstroom\\, zaal 2.14');
	expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
	expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
	for (const text of [...caseTexts(app), 'Rondvraag'])
		expect(ics, `the invitation must not contain “${text}”`).not.toContain(text);

	const res = await page.request.get(`/meetings/${today.id}/invite.ics`);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toMatch(/^text\/calendar/);
});

test('the personal calendar feed works without a session and answers 404 once revoked', async ({
	browser,
	app
}) => {
	test.slow(); // a sign-in and a second browser context, on a loaded machine
	const page = await loginAs(browser, app, 'zorg');
	await gotoReady(page, '/account');
	await page.getByRole('button', { name: 'Agendalink maken' }).click();
	const url = (await page.getByTestId('feed-url').innerText()).trim();
	expect(url).toMatch(new RegExp(`^${app.baseURL}/calendar/[a-z2-7]{20,64}\\.ics$`));

	// A calendar app fetches it without cookies.
	const calendarApp = await visitor(browser, app);
	const res = await calendarApp.request.get(url, { failOnStatusCode: false });
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toMatch(/^text\/calendar/);
	const ics = unfoldIcs(await res.text());
	// Every Zorgtafel meeting that is not a draft, nothing of tables the member is not on.
	const zorgtafel = meetingsOf(app, 'zorgtafel').filter((x) => x.status !== 'draft');
	expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(zorgtafel.length);
	for (const x of zorgtafel) expect(ics).toContain(`/meetings/${x.id}`);
	expect(ics).not.toContain(tableOfKind(app, 'avo').name);
	for (const text of [...caseTexts(app), 'Rondvraag']) expect(ics).not.toContain(text);

	await page.getByRole('button', { name: 'Agendalink intrekken' }).click();
	await expect(page.getByText('De agendalink is ingetrokken en werkt niet meer.')).toBeVisible();
	const after = await calendarApp.request.get(url, { failOnStatusCode: false });
	expect(after.status()).toBe(404);
	expect(await after.text()).not.toContain('BEGIN:VCALENDAR');
	// A guessed token is just as unknown.
	expect(
		(
			await calendarApp.request.get(`${app.baseURL}/calendar/${'a'.repeat(32)}.ics`, {
				failOnStatusCode: false
			})
		).status()
	).toBe(404);
	const denied = count(
		app,
		"select count(*) as n from access_log where action = 'denied' and object_type = 'calendar_feed'"
	);
	expect(denied).toBeGreaterThanOrEqual(2);
});

test('someone who is not a member of the table gets 404 for the invitation and the meeting', async ({
	browser,
	app
}) => {
	test.slow(); // four sign-ins, on a loaded machine
	const today = meetingOf(app, 'zorgtafel', 'published');
	for (const who of ['melder', 'coordinator.kempenveld', 'beheer'] as const) {
		const page = await loginAs(browser, app, who);
		for (const path of [`/meetings/${today.id}/invite.ics`, `/meetings/${today.id}`]) {
			const { status, text } = await getText(page, path);
			expect(status, `${who} ${path}`).toBe(404);
			expect(text).not.toContain('BEGIN:VCALENDAR');
			expect(text).not.toContain('Rondvraag');
		}
		const user = userOf(app, who);
		expect(
			count(app, "select count(*) as n from access_log where user_id = ? and action = 'denied'", user.id),
			`${who}'s refusals are logged`
		).toBeGreaterThanOrEqual(2);
		await page.context().close();
	}
	// A member of another table only (the AVO) does not get the Zorgtafel's invitation either.
	const avoOnly = await loginAs(browser, app, 'voorzitter.stuurtafel');
	expect((await getText(avoOnly, `/meetings/${today.id}/invite.ics`)).status).toBe(404);
});

test('the Stuurtafel chair filters the decision list and exports it as formula-safe CSV', async ({
	browser,
	app
}) => {
	test.slow();
	const stuurtafel = tableOfKind(app, 'stuurtafel');
	const avo = tableOfKind(app, 'avo');
	const draft = meetingOf(app, 'stuurtafel', 'draft');
	const joost = await loginAs(browser, app, 'voorzitter.stuurtafel');

	// A decision whose text a spreadsheet would take for a formula, recorded in the next meeting.
	await gotoReady(joost, `/meetings/${draft.id}`);
	await joost.getByRole('button', { name: 'Agenda publiceren' }).click();
	await expect(joost.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	const formula = '=HYPERLINK("https://example.invalid/x";"Klik hier")';
	await joost.locator('#d-kind').selectOption({ label: 'overig' });
	await joost.locator('#d-text').fill(formula);
	await joost.getByRole('button', { name: 'Besluit vastleggen' }).click();
	await expect(joost.getByTestId('meeting-decisions')).toContainText(formula);

	await gotoReady(joost, '/decisions');
	const list = joost.getByTestId('decision-list');
	// The chair sits at the AVO too: both tables' decisions, nothing of the Zorgtafel.
	await expect(list).toContainText('Bibob-toets starten bij de vergunningaanvraag.');
	await expect(list).toContainText('Pand sluiten op grond van de Opiumwet (art. 13b).');
	await expect(list).not.toContainText('Traject traumazorg starten via de GGZ.');

	// By table: the Stuurtafel's decisions, overdue first.
	await joost.locator('#f-table').selectOption({ label: stuurtafel.name });
	await joost.getByRole('button', { name: 'Filteren' }).click();
	await expect(joost).toHaveURL(new RegExp(`tafel=${stuurtafel.id}`));
	const rows = list.locator('tbody tr');
	await expect(rows).toHaveCount(4);
	for (const cell of await rows.locator('td:nth-child(3)').allInnerTexts())
		expect(cell.trim()).toBe(stuurtafel.name);
	await expect(rows.first()).toContainText('Pand sluiten op grond van de Opiumwet (art. 13b).');
	await expect(rows.first()).toContainText('te laat');
	await expect(list).not.toContainText('Bibob-toets starten');

	// By kind.
	await joost.locator('#f-kind').selectOption({ label: 'bestuurlijke interventie' });
	await joost.getByRole('button', { name: 'Filteren' }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Pand sluiten op grond van de Opiumwet (art. 13b).');

	// By status.
	await joost.locator('#f-kind').selectOption({ label: 'Alle' });
	await joost.locator('#f-status').selectOption({ label: 'vervallen' });
	await joost.getByRole('button', { name: 'Filteren' }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Gesprek met de verhuurder van het pand.');
	await expect(rows.first()).toContainText('Verhuurder is zelf verdachte; via het OM.');

	// Export what the filter shows: open Stuurtafel decisions.
	await joost.locator('#f-status').selectOption({ label: 'open' });
	await joost.getByRole('button', { name: 'Filteren' }).click();
	await expect(rows).toHaveCount(3);
	const file = await downloadVia(joost, joost.getByRole('link', { name: 'Exporteren naar CSV' }));
	expect(file.name).toBe('besluitenlijst.csv');
	const csv = parseCsv(file.body.toString('utf8'));
	const [header, ...data] = csv;
	expect(header).toEqual(expect.arrayContaining(['Tafel', 'Besluit', 'Status']));
	expect(data).toHaveLength(3);
	const col = (name: string) => header.indexOf(name);
	for (const row of data) {
		expect(row[col('Tafel')]).toBe(stuurtafel.name);
		expect(row[col('Status')]).toBe('open');
		for (const cell of row)
			expect(cell, `CSV cell ${JSON.stringify(cell)} would run as a formula`).not.toMatch(/^[=+\-@\t\r]/);
	}
	expect(data.map((r) => r[col('Besluit')])).toContain(`'${formula}`);
	expect(data.flat().join(' ')).not.toContain(avo.name);

	// The export is for members of the tables only.
	const member = await loginAs(browser, app, 'zorg');
	const theirs = await getText(member, `/decisions.csv?tafel=${stuurtafel.id}`);
	expect(theirs.status).toBe(200);
	expect(theirs.text).not.toContain('Pand sluiten');
	expect(theirs.text).not.toContain('HYPERLINK');
});

test('decisions on a closed meeting are refused, and members cannot record decisions', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins, on a loaded machine
	const closed = meetingOf(app, 'stuurtafel', 'closed');
	const before = count(app, 'select count(*) as n from decision');
	const joost = await loginAs(browser, app, 'voorzitter.stuurtafel');
	await gotoReady(joost, `/meetings/${closed.id}`);
	await expect(joost.getByTestId('meeting-status')).toHaveText('gesloten');
	await expect(joost.getByRole('heading', { name: 'Besluit vastleggen' })).toHaveCount(0);

	const res = await postForm(joost, app, `/meetings/${closed.id}?/decision`, {
		agendaItemId: '',
		kind: 'other',
		text: 'Achteraf nog een besluit toevoegen',
		followUpOwnerId: '',
		followUpDate: ''
	});
	expect(res.status()).toBe(409);
	expect(await res.text()).toContain(
		'Besluiten kunnen alleen in een gepubliceerd of lopend overleg worden vastgelegd.'
	);
	expect(count(app, 'select count(*) as n from decision')).toBe(before);

	// A plain member of the Zorgtafel cannot record one in a published meeting either.
	const today = meetingOf(app, 'zorgtafel', 'published');
	const member = await loginAs(browser, app, 'zorg');
	const crafted = await postForm(member, app, `/meetings/${today.id}?/decision`, {
		agendaItemId: '',
		kind: 'other',
		text: 'Een lid legt een besluit vast',
		followUpOwnerId: '',
		followUpDate: ''
	});
	expect(crafted.status()).toBe(404);
	expect(count(app, 'select count(*) as n from decision')).toBe(before);
});
