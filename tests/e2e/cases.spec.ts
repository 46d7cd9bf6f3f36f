/**
 * Cases (issue 4): a coordinator converts a signal into a victim case on the Zorgtafel and both
 * compartments get filled — each by someone whose domain writes it there (DESIGN.md §3.2: at the
 * Zorgtafel the zorg domain sees `zorg`, the veiligheid domain `veiligheid`). The zorg member
 * then sees care and not safety, the veiligheid member safety and not care, people outside the
 * table get 404, and a ZVH member sees both compartments of the ZVH case. Guessed ids answer 404
 * (and are logged), and a crafted post into a compartment the user does not see changes nothing.
 */
import type { Page } from '@playwright/test';
import {
	DEMO_ACCOUNTS,
	ZORGTAFEL,
	dataUrl,
	designedAccess,
	emailOf,
	expect,
	getText,
	gotoReady,
	loginAs,
	openDatabase,
	postForm,
	test,
	type AppServer
} from './fixtures';

const NOT_FOUND = 'Deze pagina bestaat niet of u heeft er geen toegang toe.';

function token(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

/** Reads one row with the spec's database (read-only). */
function query<T>(app: AppServer, sql: string, ...params: unknown[]): T {
	const db = openDatabase(app, { readonly: true });
	try {
		return db.prepare(sql).get(...params) as T;
	} finally {
		db.close();
	}
}

/** A demo case by its subject's label (the demo data is fictitious and fixed). */
function caseBySubject(app: AppServer, label: string, kind: 'victim' | 'perpetrator' = 'victim') {
	const row = query<{ id: number; reference: string } | undefined>(
		app,
		'select c.id, c.reference from case_file c join subject s on s.id = c.subject_id where s.label = ? and c.kind = ?',
		label,
		kind
	);
	expect(row, `demo case of ${label}`).toBeTruthy();
	return row!;
}

async function expectNotFound(page: Page, url: string) {
	const response = await page.goto(url);
	expect(response?.status(), `${url} should answer 404`).toBe(404);
	await expect(page.getByText(NOT_FOUND)).toBeVisible();
}

/** Neither the page nor its data carries any of these texts. */
async function expectAbsent(page: Page, url: string, texts: string[], who: string) {
	const html = await getText(page, url);
	const data = await getText(page, dataUrl(url));
	for (const text of texts) {
		expect(html.text, `${url} must not show "${text}" to ${who}`).not.toContain(text);
		expect(data.text, `${dataUrl(url)} must not carry "${text}" to ${who}`).not.toContain(text);
	}
}

/** Opens an edit form in its <details>, fills the fields by label and saves. */
async function editCompartment(page: Page, testId: string, summary: string, values: Record<string, string>) {
	const section = page.getByTestId(testId);
	await section.locator('summary', { hasText: summary }).click();
	const form = section.locator('details[open] form').first();
	for (const [label, value] of Object.entries(values))
		await form.getByLabel(label, { exact: true }).fill(value);
	await form.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByText('Opgeslagen.')).toBeVisible();
}

test('a signal becomes a victim case on the Zorgtafel; each domain sees only its own compartment', async ({
	browser,
	app
}) => {
	// Seven sign-ins and a dozen pages: longer than test.slow() allows on a loaded two-core machine.
	test.setTimeout(180_000);
	const t = token();
	const label = `T.${t}`;
	const care = {
		Zorgbehoeften: `Zorgbehoefte ${t}: veilige opvang`,
		Gezondheid: `Gezondheid ${t}: huisarts`,
		Opvang: `Opvang ${t}: Wmo`
	};
	const safety = {
		'Politie-informatie': `Politie ${t}: aangifte opgenomen`,
		Opsporingsonderzoek: `Onderzoek ${t}: "Wilg"`,
		'Justitiële en Bibob-informatie': `Bibob ${t}: geen antecedenten`
	};
	const careTexts = Object.values(care);
	const safetyTexts = Object.values(safety);

	// --- The coordinator (veiligheid) opens a new signal from the reporter and converts it.
	const coordinator = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(coordinator, '/signals');
	const row = coordinator
		.getByTestId('signal-inbox')
		.getByRole('row')
		.filter({ hasText: 'Aan de balie stond een jonge vrouw' });
	const signalReference = (await row.getByRole('link').innerText()).trim();
	await row.getByRole('link').click();
	await expect(
		coordinator.getByRole('heading', { level: 1, name: `Signaal ${signalReference}` })
	).toBeVisible();
	await coordinator.getByRole('link', { name: 'Omzetten in casus' }).click();
	await expect(coordinator).toHaveURL(/\/cases\/new\?signaal=\d+$/);
	const signalId = Number(new URL(coordinator.url()).searchParams.get('signaal'));
	await coordinator.waitForLoadState('networkidle');
	await expect(coordinator.getByText(`U maakt een casus van signaal ${signalReference}.`)).toBeVisible();

	await expect(coordinator.getByRole('radio', { name: 'slachtofferzaak' })).toBeChecked();
	await expect(coordinator.getByRole('radio', { name: 'persoon', exact: true })).toBeChecked();
	await coordinator.getByLabel('Pseudoniem, initialen, naam of adres').fill(label);
	await coordinator.getByLabel('Geboortedatum').fill('1998-04-12');
	await coordinator.getByLabel('Nationaliteit').fill('Poolse');
	await coordinator.getByLabel('Verblijfscategorie').selectOption('eu');
	// The forms of the signal are taken over.
	const forms = coordinator.getByRole('group', { name: 'Vermoedelijke vorm van uitbuiting' });
	await expect(forms.getByRole('checkbox', { name: 'seksuele uitbuiting' })).toBeChecked();
	await coordinator
		.getByRole('group', { name: 'Tafels' })
		.getByRole('checkbox', { name: new RegExp(ZORGTAFEL) })
		.check();
	await coordinator.getByRole('button', { name: 'Casus aanmaken' }).click();
	await expect(coordinator).toHaveURL(/\/cases\/\d+\?nieuw=1$/);
	const caseId = Number(/\/cases\/(\d+)/.exec(coordinator.url())![1]);
	await expect(coordinator.getByText('De casus is aangemaakt.')).toBeVisible();
	const heading = await coordinator.getByRole('heading', { level: 1 }).innerText();
	const reference = /S-\d{4}-\d{4}/.exec(heading)?.[0];
	expect(reference, `victim reference in "${heading}"`).toBeTruthy();
	const shared = coordinator.getByTestId('compartment-shared');
	await expect(shared).toContainText(label);
	await expect(shared).toContainText(ZORGTAFEL);
	await expect(shared).toContainText(DEMO_ACCOUNTS['coordinator.veiligheid']);
	await expect(shared.getByRole('link', { name: signalReference })).toBeVisible();
	await expect(coordinator.getByTestId('care-route')).toBeVisible();

	// A veiligheid coordinator at the Zorgtafel writes safety, and does not see care.
	await expect(coordinator.getByTestId('compartment-zorg')).toHaveCount(0);
	await coordinator.waitForLoadState('networkidle');
	await editCompartment(coordinator, 'compartment-veiligheid', 'Veiligheidsinformatie bewerken', safety);
	for (const text of safetyTexts)
		await expect(coordinator.getByTestId('compartment-veiligheid')).toContainText(text);

	// The signal now links to the case.
	await gotoReady(coordinator, `/signals/${signalId}`);
	await expect(coordinator.getByTestId('signal-facts')).toContainText('omgezet in casus');
	await expect(coordinator.getByTestId('signal-cases').getByRole('link', { name: reference! })).toBeVisible();

	// --- The zorg coordinator (secretary of the Zorgtafel) writes care, and does not see safety.
	const zorgCoordinator = await loginAs(browser, app, 'coordinator.zorg');
	await gotoReady(zorgCoordinator, `/cases/${caseId}`);
	await expect(zorgCoordinator.getByTestId('compartment-veiligheid')).toHaveCount(0);
	await editCompartment(zorgCoordinator, 'compartment-zorg', 'Zorginformatie bewerken', care);
	for (const text of careTexts)
		await expect(zorgCoordinator.getByTestId('compartment-zorg')).toContainText(text);
	await expectAbsent(zorgCoordinator, `/cases/${caseId}`, safetyTexts, 'coordinator.zorg');

	// --- The zorg member finds the case in the list and sees care, not safety.
	const zorg = await loginAs(browser, app, 'zorg');
	await gotoReady(zorg, '/cases');
	await zorg.getByTestId('case-list').getByRole('link', { name: reference! }).click();
	await expect(zorg).toHaveURL(new RegExp(`/cases/${caseId}$`));
	await expect(zorg.getByTestId('compartment-shared')).toContainText(label);
	for (const text of careTexts) await expect(zorg.getByTestId('compartment-zorg')).toContainText(text);
	await expect(zorg.getByTestId('compartment-veiligheid')).toHaveCount(0);
	await expectAbsent(zorg, `/cases/${caseId}`, safetyTexts, 'zorg');

	// --- The veiligheid member sees safety, not care.
	const veiligheid = await loginAs(browser, app, 'veiligheid');
	await gotoReady(veiligheid, `/cases?zoek=${encodeURIComponent(label)}`);
	await veiligheid.getByTestId('case-list').getByRole('link', { name: reference! }).click();
	for (const text of safetyTexts)
		await expect(veiligheid.getByTestId('compartment-veiligheid')).toContainText(text);
	await expect(veiligheid.getByTestId('compartment-zorg')).toHaveCount(0);
	await expectAbsent(veiligheid, `/cases/${caseId}`, careTexts, 'veiligheid');

	// --- Outside the table: the case does not exist (404, not in lists or searches).
	for (const who of ['voorzitter.stuurtafel', 'coordinator.kempenveld'] as const) {
		const outsider = await loginAs(browser, app, who);
		await expectNotFound(outsider, `/cases/${caseId}`);
		await expectAbsent(outsider, `/cases/${caseId}`, [label, ...careTexts, ...safetyTexts], who);
		await gotoReady(outsider, `/cases?zoek=${encodeURIComponent(label)}`);
		await expect(outsider.getByText('Geen casussen gevonden.')).toBeVisible();
		await expectAbsent(outsider, '/cases', [label, reference!], who);
	}

	// --- The reporter of the signal sees it handled, without the case reference.
	const melder = await loginAs(browser, app, 'melder');
	await gotoReady(melder, `/signals/${signalId}`);
	await expect(melder.getByTestId('reporter-status')).toHaveText('afgehandeld');
	await expectAbsent(melder, `/signals/${signalId}`, [reference!, label], 'melder');
	await expectAbsent(melder, '/signals', [reference!, label], 'melder');
});

test('a ZVH member sees both compartments of the ZVH case; members of other tables get 404', async ({
	browser,
	app
}) => {
	test.slow(); // three sign-ins
	const fa = caseBySubject(app, 'F.A.');
	const zorgText = 'Integrale aanpak: opvang, schuldhulp, veiligheidsplan.';
	const safetyText = 'Dreiging vanuit het netwerk van de uitbuiter; veiligheidsadvies politie.';

	const zvh = await loginAs(browser, app, 'procesregisseur.zvh');
	await gotoReady(zvh, '/cases?zoek=F.A.');
	await zvh.getByTestId('case-list').getByRole('link', { name: fa.reference }).click();
	await expect(zvh).toHaveURL(new RegExp(`/cases/${fa.id}$`));
	await expect(zvh.getByTestId('compartment-shared')).toContainText('F.A.');
	await expect(zvh.getByTestId('compartment-zorg')).toContainText(zorgText);
	await expect(zvh.getByTestId('compartment-veiligheid')).toContainText(safetyText);

	// The ZVH case is on no other table: the Zorgtafel's members do not reach it.
	for (const who of ['zorg', 'veiligheid'] as const) {
		const member = await loginAs(browser, app, who);
		await expectNotFound(member, `/cases/${fa.id}`);
		await expectAbsent(member, `/cases/${fa.id}`, [zorgText, safetyText, 'F.A.'], who);
	}
});

test('guessed case ids answer 404 exactly where the design says, look like missing ones, and are logged', async ({
	browser,
	app
}) => {
	const zorg = await loginAs(browser, app, 'zorg');
	const db = openDatabase(app, { readonly: true });
	const rules = designedAccess(db);
	const me = rules.users.get(emailOf('zorg'))!.id;
	const maxId = Math.max(...rules.caseIds);
	const deniedBefore = (
		db
			.prepare(
				"select count(*) as n from access_log where user_id = ? and action = 'denied' and object_type = 'case'"
			)
			.get(me) as { n: number }
	).n;
	db.close();

	let denials = 0;
	const reached: number[] = [];
	for (let id = 1; id <= maxId + 3; id++) {
		const res = await zorg.request.get(`/cases/${id}`, { failOnStatusCode: false });
		const expected = rules.compartments(me, id).size > 0 ? 200 : 404;
		expect(res.status(), `/cases/${id} for zorg`).toBe(expected);
		if (expected === 404) denials++;
		else reached.push(id);
	}
	// Not-a-number ids too.
	for (const id of ['0', '-1', 'abc', '1e3', '9999999999999999999']) {
		const res = await zorg.request.get(`/cases/${id}`, { failOnStatusCode: false });
		expect(res.status(), `/cases/${id}`).toBe(404);
		denials++;
	}
	expect(reached.length, 'the zorg member reaches some cases').toBeGreaterThan(0);
	expect(reached.length, 'and not all of them').toBeLessThan(maxId);

	// An existing case they do not reach looks exactly like one that does not exist.
	const hidden = caseBySubject(app, 'K.L.', 'perpetrator');
	await zorg.goto(`/cases/${hidden.id}`);
	const hiddenText = await zorg.getByRole('main').innerText();
	await zorg.goto(`/cases/${maxId + 1000}`);
	expect(await zorg.getByRole('main').innerText()).toBe(hiddenText);

	// Every refusal is in the access log.
	const after = query<{ n: number }>(
		app,
		"select count(*) as n from access_log where user_id = ? and action = 'denied' and object_type = 'case'",
		me
	).n;
	expect(after - deniedBefore).toBeGreaterThanOrEqual(denials);
});

test('a crafted post into a compartment the user does not see changes nothing and answers 404', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins, several posts
	const anna = caseBySubject(app, 'A.K.');
	const original = query<{
		police_info: string;
		investigation: string | null;
		care_needs: string;
		interventions: number;
	}>(
		app,
		`select v.police_info, v.investigation, z.care_needs,
		        (select count(*) from case_intervention i where i.case_id = v.case_id) as interventions
		   from case_veiligheid v join case_zorg z on z.case_id = v.case_id where v.case_id = ?`,
		anna.id
	);
	expect(original.police_info).toBeTruthy();
	const forged = `GEKAAPT-${token()}`;

	// The zorg member posts into the veiligheid compartment of a Zorgtafel case they do reach.
	const zorg = await loginAs(browser, app, 'zorg');
	for (const [action, form] of [
		['veiligheid', { policeInfo: forged, investigation: forged, bibobInfo: forged }],
		['intervention', { kind: 'closure', status: 'planned', decidedOn: '', note: forged }]
	] as const) {
		const res = await postForm(zorg, app, `/cases/${anna.id}?/${action}`, form);
		expect(res.status(), `?/${action} by the zorg member`).toBe(404);
		const body = await res.text();
		expect(body).toContain(NOT_FOUND);
		expect(body, 'the refusal does not leak the compartment').not.toContain(original.police_info);
	}
	// The veiligheid member likewise into the zorg compartment.
	const veiligheid = await loginAs(browser, app, 'veiligheid');
	for (const [action, form] of [
		['zorg', { careNeeds: forged, health: forged, shelter: forged }],
		[
			'consent',
			{ consentStatus: 'refused', sharingWeighing: forged, covenantArticle: forged, comensha: 'to_do' }
		]
	] as const) {
		const res = await postForm(veiligheid, app, `/cases/${anna.id}?/${action}`, form);
		expect(res.status(), `?/${action} by the veiligheid member`).toBe(404);
		expect(await res.text()).not.toContain(original.care_needs);
	}

	// Nothing changed: in the database, and for the people who do see those compartments.
	const after = query<typeof original>(
		app,
		`select v.police_info, v.investigation, z.care_needs,
		        (select count(*) from case_intervention i where i.case_id = v.case_id) as interventions
		   from case_veiligheid v join case_zorg z on z.case_id = v.case_id where v.case_id = ?`,
		anna.id
	);
	expect(after).toEqual(original);
	await gotoReady(veiligheid, `/cases/${anna.id}`);
	await expect(veiligheid.getByTestId('compartment-veiligheid')).toContainText(original.police_info);
	await expect(veiligheid.getByTestId('compartment-veiligheid')).not.toContainText(forged);
	await gotoReady(zorg, `/cases/${anna.id}`);
	await expect(zorg.getByTestId('compartment-zorg')).toContainText(original.care_needs);
	await expect(zorg.getByTestId('compartment-zorg')).not.toContainText(forged);

	// The same kind of request does work where the user may write (so the 404 above is the policy).
	const zorgVersion = query<{ version: number }>(
		app,
		'select version from case_zorg where case_id = ?',
		anna.id
	).version;
	const allowed = await postForm(zorg, app, `/cases/${anna.id}?/zorg`, {
		version: String(zorgVersion),
		careNeeds: original.care_needs,
		health: `${forged} (eigen compartiment)`,
		shelter: ''
	});
	expect(allowed.status()).toBe(200);
	await gotoReady(zorg, `/cases/${anna.id}`);
	await expect(zorg.getByTestId('compartment-zorg')).toContainText(`${forged} (eigen compartiment)`);
	// … and the veiligheid member still does not see it.
	await expectAbsent(veiligheid, `/cases/${anna.id}`, [forged], 'veiligheid');

	// The refusals are logged as denied actions.
	const userId = query<{ id: number }>(app, 'select id from user where email = ?', emailOf('zorg')).id;
	const logged = query<{ n: number }>(
		app,
		"select count(*) as n from access_log where user_id = ? and action = 'denied' and detail = ?",
		userId,
		`/cases/${anna.id}`
	).n;
	expect(logged).toBeGreaterThanOrEqual(2);
});

test('a timeline does not name a linked case its reader does not reach, in the page or its data (issue 13, finding 1)', async ({
	browser,
	app
}) => {
	test.slow(); // four sign-ins
	const anna = caseBySubject(app, 'A.K.');
	const salon = caseBySubject(app, 'Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
	const coordinator = await loginAs(browser, app, 'coordinator.veiligheid');
	const linked = await postForm(coordinator, app, `/cases/${anna.id}?/link`, { reference: salon.reference });
	expect(linked.status()).toBe(200);
	// Who reaches both cases sees the link in the timeline, with the reference.
	await gotoReady(coordinator, `/cases/${anna.id}`);
	await expect(coordinator.getByTestId('case-timeline')).toContainText(salon.reference);
	// Who does not reach the perpetrator case sees neither the link nor its reference.
	for (const who of ['zorg', 'coordinator.zorg', 'voorzitter.zorgtafel'] as const) {
		const reader = await loginAs(browser, app, who);
		await gotoReady(reader, `/cases/${anna.id}`);
		await expect(reader.getByTestId('case-timeline')).not.toContainText('Gekoppeld aan casus');
		await expectAbsent(reader, `/cases/${anna.id}`, [salon.reference], who);
	}
});

test('a save from a stale tab is refused with what changed, keeping the input (issue 13, finding 5)', async ({
	browser,
	app
}) => {
	const anna = caseBySubject(app, 'A.K.');
	const t = token();
	const first = await loginAs(browser, app, 'zorg');
	const second = await first.context().newPage();
	await gotoReady(first, `/cases/${anna.id}`);
	await gotoReady(second, `/cases/${anna.id}`);
	await editCompartment(first, 'compartment-zorg', 'Zorginformatie bewerken', { Gezondheid: `Tab één ${t}` });

	const section = second.getByTestId('compartment-zorg');
	await section.locator('summary', { hasText: 'Zorginformatie bewerken' }).click();
	const form = section.locator('details[open] form').first();
	await form.getByLabel('Opvang', { exact: true }).fill(`Tab twee ${t}`);
	await form.getByRole('button', { name: 'Opslaan' }).click();
	await expect(section.getByTestId('form-error')).toContainText(
		'Dit is intussen gewijzigd door Noor Hendriks'
	);
	await expect(section.getByTestId('form-error')).toContainText('Gezondheid');
	// The other tab's save stands, the panel now shows it, and this tab's input is still in the form.
	await expect(section.locator('dl').first()).toContainText(`Tab één ${t}`);
	await expect(form.getByLabel('Opvang', { exact: true })).toHaveValue(`Tab twee ${t}`);
	const stored = query<{ health: string; shelter: string | null }>(
		app,
		'select health, shelter from case_zorg where case_id = ?',
		anna.id
	);
	expect(stored.health).toBe(`Tab één ${t}`);
	expect(stored.shelter).not.toBe(`Tab twee ${t}`);
	// Saved again, now from the new version, it goes through.
	await form.getByRole('button', { name: 'Opslaan' }).click();
	await expect(second.getByText('Opgeslagen.')).toBeVisible();
	expect(
		query<{ shelter: string }>(app, 'select shelter from case_zorg where case_id = ?', anna.id).shelter
	).toBe(`Tab twee ${t}`);
});
