/**
 * Action plans (issue 6), as people use them: two people write the shared plan of a victim case
 * together and see each other's text, carets and presence; an action the coordinator assigns to
 * the zorg member shows up in their "Mijn acties" at once, and marking it done there updates the
 * coordinator's open plan; the veiligheid plan never opens for the zorg member (not on the page,
 * not over a crafted WebSocket); a closed case shows a read-only plan and drops crafted writes;
 * the server repairs a crafted invalid action and the open page shows the repaired values; the
 * coordinator's board reassigns and reschedules through the document (live in an open plan),
 * refuses an owner who may not see the case with a Dutch message, and exports CSV with spreadsheet
 * formulas neutralised.
 *
 * Crafted clients run in the test process: a stock `@hocuspocus/provider` over `ws` with the
 * browser's session cookie and the app's Origin (fixtures.ts, `openCollabDoc`).
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import {
	actionIn,
	appendNote,
	collabSaved,
	dataUrl,
	demoCase,
	designedAccess,
	dutchDateText,
	expect,
	getText,
	gotoReady,
	isoInDays,
	loginAs,
	openCollabDoc,
	openDatabase,
	parseCsv,
	planDocName,
	planText,
	postForm,
	pushAction,
	queryOne,
	sessionCookie,
	test,
	userOf,
	Y,
	type Compartment
} from './fixtures';

const SALON = 'Marktweg 12, Dommelstroom (fictief)';

function token(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

/** Opens a case page and waits until the given plans are live: connected, synced, editable or not. */
async function openPlans(
	page: Page,
	caseId: number,
	compartments: Compartment[] = ['shared']
): Promise<void> {
	await gotoReady(page, `/cases/${caseId}`);
	for (const c of compartments) {
		await expect(page.getByTestId(`collab-status-${c}`)).toHaveText(/verbonden, alles opgeslagen/, {
			timeout: 15_000
		});
		await expect(page.getByTestId(`notes-${c}`)).toBeVisible({ timeout: 15_000 });
	}
}

/** Waits until a plan is editable (the server granted write access and the document is synced). */
async function expectEditable(page: Page, compartment: Compartment): Promise<void> {
	await expect(page.getByTestId(`notes-${compartment}`)).toHaveAttribute('contenteditable', 'true');
	await expect(
		page.getByTestId(`plan-${compartment}`).getByRole('button', { name: 'Actie toevoegen' })
	).toBeVisible();
}

/** Types a new paragraph at the end of a plan's notes, like a person would. */
async function typeInNotes(page: Page, compartment: Compartment, text: string): Promise<void> {
	const editor = page.getByTestId(`notes-${compartment}`);
	await expect(editor).toHaveAttribute('contenteditable', 'true');
	await editor.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type(text);
	await expect(editor).toContainText(text);
}

/** The list item of an action in a plan, by its title. */
function actionItem(page: Page, compartment: Compartment, title: string): Locator {
	return page.getByTestId(`actions-${compartment}`).locator('li').filter({ hasText: title });
}

/** The status badge of an action item with exactly this text. */
function statusBadge(item: Locator, text: string): Locator {
	return item.locator('.action__main .badge', { hasText: new RegExp(`^${text}$`) });
}

/** Adds an action through a plan's form. */
async function addAction(
	page: Page,
	compartment: Compartment,
	action: { title: string; owner?: string; due?: string }
): Promise<Locator> {
	const plan = page.getByTestId(`plan-${compartment}`);
	await plan.locator(`#new-title-${compartment}`).fill(action.title);
	if (action.owner) await plan.locator(`#new-owner-${compartment}`).selectOption({ label: action.owner });
	if (action.due) await plan.locator(`#new-due-${compartment}`).fill(action.due);
	await plan.getByRole('button', { name: 'Actie toevoegen' }).click();
	const item = actionItem(page, compartment, action.title);
	await expect(item).toHaveCount(1);
	await expect(page.getByTestId(`collab-status-${compartment}`)).toHaveText(/verbonden, alles opgeslagen/);
	return item;
}

/** Marks the page, so a later check can tell it was not reloaded. */
async function markNoReload(page: Page): Promise<void> {
	await page.evaluate(() => ((window as unknown as { __noReload?: number }).__noReload = 1));
}
async function expectNotReloaded(page: Page): Promise<void> {
	expect(
		await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload),
		'the page was not reloaded'
	).toBe(1);
}

const label = (u: { name: string; organisation: string }) => `${u.name} (${u.organisation})`;

test('two people write the shared plan together and see each other’s text, carets and presence', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins, two live editors
	const anna = demoCase(app, 'A.K.');
	const noorUser = userOf(app, 'zorg');
	const yusufUser = userOf(app, 'coordinator.zorg');
	const noor = await loginAs(browser, app, 'zorg');
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await openPlans(noor, anna.id);
	await openPlans(yusuf, anna.id);
	await expectEditable(noor, 'shared');
	await expectEditable(yusuf, 'shared');
	// The seeded notes arrive from the document (they are not in the page's HTML).
	await expect(noor.getByTestId('notes-shared')).toContainText('Afgesproken in de Zorgtafel');

	const t = token();
	const fromNoor = `Noor: opvang is rond ${t}`;
	const fromYusuf = `Yusuf: aangifte volgende week ${t}`;
	await typeInNotes(noor, 'shared', fromNoor);
	await expect(yusuf.getByTestId('notes-shared')).toContainText(fromNoor);
	await typeInNotes(yusuf, 'shared', fromYusuf);
	await expect(noor.getByTestId('notes-shared')).toContainText(fromYusuf);
	// Both texts survive on both sides (no overwrite).
	for (const page of [noor, yusuf]) {
		await expect(page.getByTestId('notes-shared')).toContainText(fromNoor);
		await expect(page.getByTestId('notes-shared')).toContainText(fromYusuf);
	}

	// Presence: the other person, with the name and organisation the server authenticated.
	await expect(noor.getByTestId('presence-shared').getByTestId('peer')).toHaveText([label(yusufUser)]);
	await expect(yusuf.getByTestId('presence-shared').getByTestId('peer')).toHaveText([label(noorUser)]);

	// Carets: the other person's caret in the editor, labelled with the server's name for them.
	const yusufCaret = noor
		.getByTestId('notes-shared')
		.locator('.collaboration-carets__caret')
		.filter({ hasText: yusufUser.name });
	await expect(yusufCaret).toBeVisible();
	await noor.getByTestId('notes-shared').click();
	await noor.keyboard.press('Control+End');
	await noor.keyboard.type('.');
	const noorCaret = yusuf
		.getByTestId('notes-shared')
		.locator('.collaboration-carets__caret')
		.filter({ hasText: noorUser.name });
	await expect(noorCaret).toBeVisible();

	for (const page of [noor, yusuf]) {
		await expect(page.getByTestId('collab-status-shared')).toContainText('verbonden');
	}

	// What was acknowledged is stored: a fresh page shows both texts.
	const again = await noor.context().newPage();
	await openPlans(again, anna.id);
	await expect(again.getByTestId('notes-shared')).toContainText(fromNoor);
	await expect(again.getByTestId('notes-shared')).toContainText(fromYusuf);
});

test('an action assigned to the zorg member is in “Mijn acties” at once; “Gereed” there updates the open plan', async ({
	browser,
	app
}) => {
	test.slow();
	const anna = demoCase(app, 'A.K.');
	const noorUser = userOf(app, 'zorg');
	const t = token();
	const title = `Huisbezoek met de opvang plannen ${t}`;
	const due = isoInDays(9);

	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await openPlans(yusuf, anna.id);
	await expectEditable(yusuf, 'shared');
	await markNoReload(yusuf);
	const item = await addAction(yusuf, 'shared', { title, owner: label(noorUser), due });
	await expect(item).toContainText(label(noorUser));
	await expect(item).toContainText(`uiterlijk ${dutchDateText(due)}`);
	await expect(statusBadge(item, 'open')).toBeVisible();

	// The zorg member opens "Mijn acties": the new action is there, with a link to the plan.
	const noor = await loginAs(browser, app, 'zorg');
	await gotoReady(noor, '/actions');
	await expect(noor.getByRole('heading', { level: 1, name: 'Mijn acties' })).toBeVisible();
	const table = noor.getByTestId('my-actions');
	const row = table.getByRole('row').filter({ hasText: title });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(dutchDateText(due));
	await expect(row.getByRole('link', { name: anna.reference })).toHaveAttribute(
		'href',
		`/cases/${anna.id}#plan-shared`
	);

	// Overdue first: every row marked "te laat" comes before every row that is not.
	const overdue = await table
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => r.textContent?.includes('te laat') ?? false));
	expect(overdue.length).toBeGreaterThan(1);
	expect(overdue.some(Boolean), 'the demo data has overdue actions for the zorg member').toBe(true);
	expect(overdue, 'overdue actions first').toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));

	// "Gereed" goes through the document: the coordinator's open plan shows it without reloading.
	await row.getByRole('button', { name: /^Gereed/ }).click();
	await expect(noor.getByText(`‘${title}’ is als gereed gemeld.`)).toBeVisible();
	await expect(table.getByRole('row').filter({ hasText: title })).toHaveCount(0);

	await expect(statusBadge(item, 'gereed')).toBeVisible();
	await expect(item.locator('select').first()).toHaveValue('done');
	await expectNotReloaded(yusuf);
	const row2 = queryOne<{ status: string; updated_by: number }>(
		app,
		'select status, updated_by from case_action where title = ?',
		title
	);
	expect(row2).toEqual({ status: 'done', updated_by: noorUser.id });
});

test('the veiligheid plan never opens for the zorg member: not on the page, not over a crafted WebSocket', async ({
	browser,
	app
}) => {
	const anna = demoCase(app, 'A.K.');
	const salon = demoCase(app, SALON, 'perpetrator');
	const noorUser = userOf(app, 'zorg');
	const noor = await loginAs(browser, app, 'zorg');
	await openPlans(noor, anna.id, ['shared', 'zorg']);
	await expect(noor.getByTestId('plan-veiligheid')).toHaveCount(0);
	await expect(noor.getByText('Risicotaxatie woonadres opvang')).toHaveCount(0);
	const data = await getText(noor, dataUrl(`/cases/${anna.id}`));
	expect(data.text).not.toContain(planDocName(anna.id, 'veiligheid'));
	expect(data.text).not.toContain('Risicotaxatie woonadres opvang');
	const csv = await getText(noor, `/cases/${anna.id}/actions.csv`);
	expect(csv.status).toBe(200);
	expect(csv.text).toContain('Verwijzing GGZ versturen');
	expect(csv.text).not.toContain('Risicotaxatie woonadres opvang');

	// The same session, straight at the collaboration server.
	const cookie = await sessionCookie(noor);
	const veiligheid = openCollabDoc(app, cookie, planDocName(anna.id, 'veiligheid'));
	expect(await veiligheid.outcome).toBe('refused');
	expect(planText(veiligheid.doc)).not.toContain('Risicotaxatie');
	// Control: the zorg plan of the same case opens, editable, with its content.
	const zorg = openCollabDoc(app, cookie, planDocName(anna.id, 'zorg'));
	expect(await zorg.outcome).toBe('synced');
	expect(zorg.scope()).toBe('read-write');
	expect(planText(zorg.doc)).toContain('Verwijzing GGZ versturen');
	// A perpetrator case at the AVO and Stuurtafel does not exist for the zorg member, nor its plan.
	const perpetrator = openCollabDoc(app, cookie, planDocName(salon.id, 'plan'));
	expect(await perpetrator.outcome).toBe('refused');
	expect((await getText(noor, `/cases/${salon.id}/actions.csv`)).status).toBe(404);

	// The refusals are in the access log.
	const denials = queryOne<{ n: number }>(
		app,
		"select count(*) as n from access_log where user_id = ? and result = 'denied' and object_type = 'collab' and object_id in (?, ?)",
		noorUser.id,
		planDocName(anna.id, 'veiligheid'),
		planDocName(salon.id, 'plan')
	);
	expect(denials.n).toBe(2);
});

test('a closed case shows its plans read-only, offers no editing and drops crafted writes', async ({
	browser,
	app
}) => {
	test.slow();
	const gina = demoCase(app, 'G.T.');
	expect(gina.status).toBe('closed');
	const t = token();

	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await openPlans(yusuf, gina.id, ['shared', 'zorg']);
	for (const c of ['shared', 'zorg'] as const) {
		await expect(yusuf.getByTestId(`read-only-${c}`)).toHaveText('alleen lezen');
		await expect(yusuf.getByTestId(`plan-${c}`)).toContainText('lezen maar niet wijzigen');
		await expect(yusuf.getByTestId(`notes-${c}`)).toHaveAttribute('contenteditable', 'false');
	}
	const plans = yusuf.getByTestId('plans');
	await expect(plans.getByRole('button')).toHaveCount(0);
	await expect(plans.locator('input, select, textarea, form')).toHaveCount(0);
	// Typing does nothing.
	await yusuf.getByTestId('notes-shared').click();
	await yusuf.keyboard.type('XYZ');
	await expect(yusuf.getByTestId('notes-shared')).not.toContainText('XYZ');

	// A crafted client gets a read-only connection; what it writes is not taken.
	const client = openCollabDoc(app, await sessionCookie(yusuf), planDocName(gina.id, 'plan'));
	expect(await client.outcome).toBe('synced');
	expect(client.scope()).toBe('readonly');
	appendNote(client.doc, `Stiekem ${t}`);
	pushAction(client.doc, {
		id: `e2e-closed-${t}`,
		title: `Stiekeme actie ${t}`,
		ownerId: null,
		dueDate: null,
		status: 'open',
		reason: null
	});
	await yusuf.waitForTimeout(1_500);
	await expect(yusuf.getByTestId('notes-shared')).not.toContainText(`Stiekem ${t}`);
	await expect(actionItem(yusuf, 'shared', `Stiekeme actie ${t}`)).toHaveCount(0);
	const fresh = openCollabDoc(app, await sessionCookie(yusuf), planDocName(gina.id, 'plan'));
	expect(await fresh.outcome).toBe('synced');
	expect(planText(fresh.doc)).not.toContain('Stiekem');
	expect(
		queryOne<{ n: number }>(
			app,
			'select count(*) as n from case_action where title like ?',
			'Stiekeme actie%'
		).n
	).toBe(0);
});

test('when a case closes, an open plan turns read-only at once and keeps its actions', async ({
	browser,
	app
}) => {
	test.slow(); // two people, a status change, reconnections
	const eva = demoCase(app, 'E.M.');
	expect(eva.status).not.toBe('closed');
	const t = token();
	const title = `Medisch onderzoek afronden ${t}`;

	const noor = await loginAs(browser, app, 'zorg');
	await openPlans(noor, eva.id, ['shared', 'zorg']);
	await expectEditable(noor, 'shared');
	await markNoReload(noor);
	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await openPlans(yusuf, eva.id);
	await addAction(yusuf, 'shared', { title });
	const item = actionItem(noor, 'shared', title);
	await expect(item.getByRole('button', { name: /^Bewerken/ })).toBeVisible();

	// The coordinator closes the case.
	await yusuf.getByLabel('Nieuwe status').selectOption({ label: 'gesloten' });
	await yusuf.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect
		.poll(() => queryOne<{ status: string }>(app, 'select status from case_file where id = ?', eva.id).status)
		.toBe('closed');

	// The zorg member's open plan says so within seconds, without a reload, and keeps the action.
	for (const c of ['shared', 'zorg'] as const) {
		await expect(noor.getByTestId(`read-only-${c}`)).toHaveText('alleen lezen', { timeout: 10_000 });
		await expect(noor.getByTestId(`notes-${c}`)).toHaveAttribute('contenteditable', 'false');
	}
	await expect(item).toHaveCount(1);
	await expect(noor.getByTestId('plans').getByRole('button')).toHaveCount(0);
	await expect(noor.getByTestId('plans').locator('input, select, textarea, form')).toHaveCount(0);
	await expectNotReloaded(noor);
	// The coordinator's plan too.
	await expect(yusuf.getByTestId('read-only-shared')).toHaveText('alleen lezen', { timeout: 10_000 });
	await expect(yusuf.getByTestId('plan-shared').getByRole('button', { name: 'Actie toevoegen' })).toHaveCount(
		0
	);
});

test('a crafted invalid action is repaired by the server and the open page shows the repaired values', async ({
	browser,
	app
}) => {
	test.slow();
	const bogdan = demoCase(app, 'B.P.');
	const noorUser = userOf(app, 'zorg');
	const outsider = userOf(app, 'voorzitter.stuurtafel');
	{
		const db = openDatabase(app, { readonly: true });
		const rules = designedAccess(db);
		db.close();
		expect(rules.compartments(outsider.id, bogdan.id).size, 'the Stuurtafel chair does not reach B.P.').toBe(
			0
		);
	}
	const t = token();
	const id = `e2e-repair-${t}`;
	const title = `Dossier opvragen ${t}`;

	const yusuf = await loginAs(browser, app, 'coordinator.zorg');
	await openPlans(yusuf, bogdan.id);
	await expectEditable(yusuf, 'shared');

	const noor = await loginAs(browser, app, 'zorg');
	const client = openCollabDoc(app, await sessionCookie(noor), planDocName(bogdan.id, 'plan'));
	expect(await client.outcome).toBe('synced');
	expect(client.scope()).toBe('read-write');
	pushAction(client.doc, {
		id,
		title,
		ownerId: outsider.id, // may not see the case
		dueDate: '1999-01-01', // before the case existed
		status: 'not_possible', // without a reason
		reason: '',
		originKind: 'decision', // only the server sets an origin
		originId: 99
	});
	await expect
		.poll(() => actionIn(client.doc, id)?.status, { message: 'repaired in the author’s document' })
		.toBe('open');
	expect(actionIn(client.doc, id)).toMatchObject({
		title,
		ownerId: null,
		dueDate: null,
		status: 'open',
		reason: null,
		originKind: null,
		originId: null
	});

	// The coordinator's open plan shows the repaired action, never the invalid values.
	const item = actionItem(yusuf, 'shared', title);
	await expect(item).toHaveCount(1);
	await expect(item).toContainText('nog niemand');
	await expect(statusBadge(item, 'open')).toBeVisible();
	await expect(item.locator('.action__main')).not.toContainText(outsider.name);
	await expect(item.locator('.action__main')).not.toContainText('uiterlijk');
	await expect(item.locator('.action__main')).not.toContainText('niet mogelijk');
	await expect(item.locator('.action__main')).not.toContainText('uit besluit');

	// Projected as repaired, and attributed to the zorg member in the case timeline.
	expect(
		queryOne(
			app,
			'select owner_id, due_date, status, reason, origin_kind, created_by from case_action where id = ?',
			id
		)
	).toEqual({
		owner_id: null,
		due_date: null,
		status: 'open',
		reason: null,
		origin_kind: null,
		created_by: noorUser.id
	});
	const repaired = queryOne<{ user_id: number; detail: string } | undefined>(
		app,
		"select user_id, detail from case_event where case_id = ? and kind = 'action_repaired' and detail like ? order by id desc limit 1",
		bogdan.id,
		`${title}%`
	);
	expect(repaired?.user_id).toBe(noorUser.id);

	// A later invalid edit falls back to the accepted value.
	const fg = userOf(app, 'fg');
	client.doc.transact(() => {
		const map = client.doc
			.getArray<Y.Map<unknown>>('actions')
			.toArray()
			.find((m) => m.get('id') === id)!;
		map.set('ownerId', fg.id);
		map.set('status', 'bestaat-niet');
	});
	await collabSaved(client);
	await expect.poll(() => actionIn(client.doc, id)?.ownerId).toBeNull();
	expect(actionIn(client.doc, id)?.status).toBe('open');
	await expect(item).toContainText('nog niemand');
	await expect(item.locator('.action__main')).not.toContainText(fg.name);

	// In the UI, "niet mogelijk" without a reason is stopped with a Dutch message; nothing changes.
	await item.getByRole('button', { name: /^Bewerken/ }).click();
	const form = item.locator('form');
	await form.getByLabel('Status', { exact: true }).selectOption('not_possible');
	await form.getByRole('button', { name: 'Opslaan' }).click();
	await expect(yusuf.getByText('Geef een reden op bij ‘niet mogelijk’ of ‘niet ondernomen’.')).toBeAttached();
	await expect(form.getByLabel('Reden')).toBeFocused();
	await expect(statusBadge(item, 'open')).toBeVisible();
	expect(queryOne<{ status: string }>(app, 'select status from case_action where id = ?', id).status).toBe(
		'open'
	);
});

test('the board reassigns and reschedules through the plan, refuses an owner outside the case, and exports safe CSV', async ({
	browser,
	app
}) => {
	test.slow(); // three people, two downloads
	const salon = demoCase(app, SALON, 'perpetrator');
	const ruben = userOf(app, 'veiligheid');
	const sanne = userOf(app, 'coordinator.veiligheid');
	const noorUser = userOf(app, 'zorg');
	const title = 'Voornemen tot sluiting opstellen';
	const action = queryOne<{ id: string; owner_id: number; due_date: string }>(
		app,
		"select id, owner_id, due_date from case_action where case_id = ? and compartment = 'shared' and title = ?",
		salon.id,
		title
	);
	expect(action.owner_id).toBe(sanne.id);

	// The veiligheid member has the plan open.
	const rubenPage = await loginAs(browser, app, 'veiligheid');
	await openPlans(rubenPage, salon.id, ['shared', 'veiligheid']);
	await markNoReload(rubenPage);
	const item = actionItem(rubenPage, 'shared', title);
	await expect(item).toContainText(label(sanne));

	// The Stuurtafel secretary and AVO chair reassigns it on the board and moves the date.
	const board = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(board, '/actions/board');
	await expect(board.getByRole('heading', { level: 1, name: 'Actiebord' })).toBeVisible();
	const row = board.getByTestId('board').getByRole('row').filter({ hasText: title });
	await expect(row).toHaveCount(1);
	const newDue = isoInDays(21);
	await row.getByLabel(`Eigenaar van ${title}`).selectOption({ label: label(ruben) });
	await row.getByLabel(`Uiterlijk-datum van ${title}`).fill(newDue);
	await row.getByRole('button', { name: /^Opslaan/ }).click();
	await expect(board.getByText(`‘${title}’ is bijgewerkt`)).toBeVisible();

	// Live in the open plan of the veiligheid member.
	await expect(item).toContainText(label(ruben));
	await expect(item).toContainText(`uiterlijk ${dutchDateText(newDue)}`);
	await expectNotReloaded(rubenPage);
	const changed = queryOne<{ owner_id: number; due_date: string; updated_by: number }>(
		app,
		'select owner_id, due_date, updated_by from case_action where id = ?',
		action.id
	);
	expect(changed).toEqual({ owner_id: ruben.id, due_date: newDue, updated_by: sanne.id });
	// And in the new owner's "Mijn acties".
	const rubenActions = await rubenPage.context().newPage();
	await gotoReady(rubenActions, '/actions');
	await expect(
		rubenActions.getByTestId('my-actions').getByRole('row').filter({ hasText: title })
	).toHaveCount(1);
	await rubenActions.close();

	// Someone who may not see the case cannot become its owner: a crafted post is refused in Dutch.
	const refused = await postForm(board, app, '/actions/board?/change', {
		actionId: action.id,
		ownerId: String(noorUser.id),
		dueDate: isoInDays(30)
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('Deze persoon mag deze casus niet zien');
	// The same through the page (an option the form never offers), with the message shown.
	await gotoReady(board, '/actions/board');
	const select = board.getByLabel(`Eigenaar van ${title}`);
	await select.evaluate((el, id) => {
		const option = document.createElement('option');
		option.value = String(id);
		option.textContent = 'Ingevoegd';
		el.appendChild(option);
		(el as HTMLSelectElement).value = String(id);
	}, noorUser.id);
	await board
		.getByTestId('board')
		.getByRole('row')
		.filter({ hasText: title })
		.getByRole('button', { name: /^Opslaan/ })
		.click();
	await expect(board.getByTestId('form-error')).toContainText('Deze persoon mag deze casus niet zien');
	// A due date before the case existed is not taken either.
	const early = await postForm(board, app, '/actions/board?/change', {
		actionId: action.id,
		ownerId: String(ruben.id),
		dueDate: '2001-01-01'
	});
	expect(early.status(), 'a due date before the case existed').toBeGreaterThanOrEqual(400);
	expect(early.status()).toBeLessThan(500);
	expect(
		queryOne(app, 'select owner_id, due_date from case_action where id = ?', action.id),
		'nothing changed'
	).toEqual({ owner_id: ruben.id, due_date: newDue });
	await expect(item).toContainText(label(ruben));
	await expect(item).toContainText(`uiterlijk ${dutchDateText(newDue)}`);

	// CSV: a title that a spreadsheet would run as a formula, added through the plan.
	const formula = '=HYPERLINK("http://x","klik")';
	await addAction(rubenPage, 'shared', { title: formula });
	await gotoReady(board, '/actions/board');
	const [download] = await Promise.all([
		board.waitForEvent('download'),
		board.getByRole('link', { name: 'Exporteren naar CSV' }).click()
	]);
	expect(download.suggestedFilename()).toBe('actiebord.csv');
	const boardCsv = parseCsv(readFileSync(await download.path(), 'utf8'));
	const titleColumn = boardCsv[0].indexOf('Actie');
	expect(titleColumn, `header ${boardCsv[0].join(';')}`).toBeGreaterThanOrEqual(0);
	const formulaRow = boardCsv.find((r) => r[titleColumn]?.includes('HYPERLINK'));
	expect(formulaRow?.[titleColumn]).toBe(`'${formula}`);
	const reassigned = boardCsv.find((r) => r[titleColumn] === title);
	expect(reassigned).toEqual(expect.arrayContaining([ruben.name, ruben.organisation, newDue]));
	for (const cell of boardCsv.flat()) expect(cell, 'no cell starts a formula').not.toMatch(/^[=+\-@\t\r]/);
	const boardRes = await board.request.get('/actions/board.csv');
	expect(boardRes.headers()['content-type']).toMatch(/^text\/csv/);
	expect(boardRes.headers()['content-disposition']).toContain('attachment');

	// The case export, from the case page.
	await gotoReady(board, `/cases/${salon.id}`);
	const [caseDownload] = await Promise.all([
		board.waitForEvent('download'),
		board.getByRole('link', { name: 'Acties exporteren (CSV)' }).click()
	]);
	const caseCsv = parseCsv(readFileSync(await caseDownload.path(), 'utf8'));
	expect(caseCsv.find((r) => r[titleColumn]?.includes('HYPERLINK'))?.[titleColumn]).toBe(`'${formula}`);
	for (const cell of caseCsv.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
	const caseRes = await board.request.get(`/cases/${salon.id}/actions.csv`);
	expect(caseRes.headers()['content-type']).toMatch(/^text\/csv/);

	// The board is for coordinators and chairs: not for a member, not as export either.
	const noor = await loginAs(browser, app, 'zorg');
	expect((await getText(noor, '/actions/board')).status).toBe(404);
	expect((await getText(noor, '/actions/board.csv')).status).toBe(404);
	const crafted = await postForm(noor, app, '/actions/board?/change', {
		actionId: action.id,
		ownerId: '',
		dueDate: ''
	});
	expect([400, 404]).toContain(crafted.status());
	expect(
		queryOne<{ owner_id: number }>(app, 'select owner_id from case_action where id = ?', action.id).owner_id
	).toBe(ruben.id);
});

// Kept last in the file: before compaction errors were caught, this took the server down.
test('closing a plan while the database is briefly locked by another process does not take the server down', async ({
	browser,
	app
}) => {
	test.slow();
	const bogdan = demoCase(app, 'B.P.');
	const noor = await loginAs(browser, app, 'zorg');
	// Someone only looks at the zorg plan (no changes), then closes it.
	const client = openCollabDoc(app, await sessionCookie(noor), planDocName(bogdan.id, 'zorg'));
	expect(await client.outcome).toBe('synced');
	// Another process (a backup, a maintenance script) holds a write lock for a few seconds.
	const db = openDatabase(app);
	db.exec('BEGIN IMMEDIATE');
	try {
		client.destroy();
		await noor.waitForTimeout(6_500);
	} finally {
		db.exec('ROLLBACK');
		db.close();
	}
	await expect
		.poll(
			async () => {
				try {
					return (await fetch(`${app.baseURL.replace('localhost', '127.0.0.1')}/healthz`)).status;
				} catch {
					return 0;
				}
			},
			{ timeout: 5_000, message: 'the server still answers /healthz' }
		)
		.toBe(200);
	expect(app.output()).not.toMatch(/SqliteError|Node\.js v/);
});
