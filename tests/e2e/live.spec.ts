/**
 * Live meeting mode and minutes (issue 8), with three people at the Zorgtafel, each in their own
 * browser: the chair (Ingrid Bakker, domain zorg), the zorg member (Noor Hendriks) and the
 * veiligheid member (Ruben Smit). The demo's Zorgtafel meeting of today is published and ready to
 * start live.
 *
 * - The chair starts the meeting and moves through the agenda; the members' screens follow.
 * - Notes per agenda item and compartment are written together in real time and reach only those
 *   who see that compartment at the Zorgtafel: the veiligheid member has no zorg editor and never
 *   receives a message of the zorg document (every WebSocket frame of their page is checked), and
 *   the reverse.
 * - A decision and an action recorded live appear in /decisions and in the case plan; the chair
 *   records attendance; closing produces minutes per reader, and the PDF downloads.
 * - The projector view shows the current item's shared content only, whoever's laptop opens it.
 * - Corrections after closing are tracked until the next meeting approves the minutes; after that
 *   the notes are read-only, also for a connection that was open at the time.
 * - Refusals: moving through the agenda of a meeting that is not running, notes in a compartment
 *   one does not see, changing approved minutes, minutes of another table — a Dutch message or
 *   404, nothing changed, denials logged.
 */
import type { Locator, Page } from '@playwright/test';
import {
	Y,
	agendaOf,
	demoCase,
	downloadVia,
	expect,
	expectAxeClean,
	getText,
	gotoReady,
	isoInDays,
	signedInPage,
	meetingOf,
	meetingStatus,
	meetingsOf,
	openCollabDoc,
	openDatabase,
	pdfText,
	postForm,
	queryOne,
	sessionCookie,
	test,
	userOf,
	type AppServer,
	type CollabClient
} from './fixtures';

type ItemCompartment = 'shared' | 'zorg' | 'veiligheid';

/** Generous waits for real-time updates on a busy two-core machine (no timing is asserted). */
const LIVE = { timeout: 20_000 };

/** A short unique tag per test run, so texts from another test can never be mistaken for these. */
function tag(): string {
	return Math.random().toString(36).slice(2, 7).toUpperCase();
}

const itemDocName = (meetingId: number, itemId: number, compartment: ItemCompartment) =>
	`meeting:${meetingId}:item:${itemId}:${compartment}`;

/**
 * Records every WebSocket frame a page receives (as text: Yjs updates carry strings as UTF-8 and
 * every Hocuspocus message starts with its document's name), from before its first navigation.
 */
function recordFrames(page: Page): { all(): string } {
	const frames: string[] = [];
	page.on('websocket', (ws) => {
		ws.on('framereceived', ({ payload }) => {
			frames.push(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
		});
	});
	return { all: () => frames.join('\n') };
}

/** The notes editor of the current agenda item in one compartment. */
function notesEditor(page: Page, compartment: ItemCompartment): Locator {
	return page.getByTestId(`meeting-notes-${compartment}`);
}

/** Types a paragraph at the end of the current item's notes in one compartment, like a person would. */
async function typeNotes(page: Page, compartment: ItemCompartment, text: string): Promise<void> {
	const editor = notesEditor(page, compartment);
	await expect(editor).toHaveAttribute('contenteditable', 'true', LIVE);
	await editor.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	// One input, as a paste or a dictation would give: one update, saved as one piece of text.
	await page.keyboard.insertText(text);
	await expect(editor).toContainText(text);
	// Saved: the panel's "opslaan…" badge is gone once the server acknowledged every change.
	await expect(page.getByTestId(`meeting-notes-panel-${compartment}`).getByText('opslaan…')).toHaveCount(
		0,
		LIVE
	);
}

/** Clicks a form's button and waits for the server's answer to that form action (`?/name`). */
async function submit(page: Page, button: Locator, action: string): Promise<void> {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).search === `?/${action}`
	);
	await button.click();
	expect((await answered).status(), `answer to ?/${action}`).toBeLessThan(300);
	await page.waitForLoadState('networkidle');
}

/** The live section's current item ("S-2026-0001 – A.K."). */
function currentItem(page: Page): Locator {
	return page.getByTestId('live-meeting').getByTestId('live-current-item');
}

/** An agenda item as the agenda shows it to those who reach its case ("S-2026-0004 – D.V."). */
function itemLabel(app: AppServer, item: { caseId: number | null; title: string | null }): string {
	if (item.caseId === null) return item.title ?? '';
	const c = queryOne<{ reference: string; label: string }>(
		app,
		'select c.reference, s.label from case_file c join subject s on s.id = c.subject_id where c.id = ?',
		item.caseId
	);
	return `${c.reference} – ${c.label}`;
}

/** Windows-1252 characters in 0x80–0x9f that `pdfText` (Latin-1) gives as C1 control characters. */
const WIN_ANSI: Record<string, string> = {
	'\x80': '€',
	'\x85': '…',
	'\x91': '‘',
	'\x92': '’',
	'\x93': '“',
	'\x94': '”',
	'\x95': '•',
	'\x96': '–',
	'\x97': '—'
};

/**
 * A PDF's text as a reader sees it: Windows-1252 decoded, every run of white space as one space
 * (pdfkit wraps long lines), and letters outside Windows-1252 as the app writes them (ı → i).
 */
function flat(text: string): string {
	return text.replace(/[\x80-\x9f]/g, (c) => WIN_ANSI[c] ?? c).replace(/\s+/g, ' ');
}

/** A text as it can appear in a PDF with the standard fonts (see `flat`). */
function inPdf(text: string): string {
	return text.replace(/ı/g, 'i');
}

/** All rows of a query on the spec's database (read-only). */
function allRows<T>(app: AppServer, sql: string, ...params: unknown[]): T[] {
	const db = openDatabase(app, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

function count(app: AppServer, sql: string, ...params: unknown[]): number {
	return queryOne<{ n: number }>(app, sql, ...params).n;
}

/** The text of a document as the server persisted it (snapshot and update log), read in this process. */
function persistedText(app: AppServer, name: string): string {
	const doc = new Y.Doc();
	const db = openDatabase(app, { readonly: true });
	try {
		const snap = db.prepare('select state, upto from collab_snapshot where document = ?').get(name) as
			{ state: Buffer; upto: number } | undefined;
		if (snap) Y.applyUpdate(doc, snap.state);
		for (const row of db
			.prepare('select data from collab_update where document = ? and id > ? order by id')
			.all(name, snap?.upto ?? 0) as Array<{ data: Buffer }>)
			Y.applyUpdate(doc, row.data);
		return `${doc.getXmlFragment('notes').toJSON()}\n${JSON.stringify(doc.getMap('live').toJSON())}`;
	} finally {
		db.close();
		doc.destroy();
	}
}

/** Appends a paragraph to a notes document (the TipTap `notes` fragment). */
function appendParagraph(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	doc.getXmlFragment('notes').push([paragraph]);
}

/** Opens a document as an account and waits for the server's answer. */
async function open(app: AppServer, cookie: string, name: string): Promise<CollabClient> {
	const client = openCollabDoc(app, cookie, name);
	await client.outcome;
	return client;
}

// -------------------------------------------------------------------------------------------------

test('the chair runs the meeting live: the others follow, notes stay in their compartment, decision, action, attendance, minutes and PDF', async ({
	browser,
	app
}) => {
	test.setTimeout(240_000); // three people in three browsers on a busy machine
	const t = tag();
	const meeting = meetingOf(app, 'zorgtafel', 'published'); // today's, ready to start live
	const agenda = agendaOf(app, meeting.id);
	const anna = demoCase(app, 'A.K.');
	const jay = demoCase(app, 'J.');
	expect(agenda.map((i) => i.caseId ?? i.title)).toEqual([
		anna.id,
		jay.id,
		demoCase(app, 'C.').id,
		'Rondvraag'
	]);
	const noorUser = userOf(app, 'zorg');
	const rubenUser = userOf(app, 'veiligheid');
	const ingridUser = userOf(app, 'voorzitter.zorgtafel');

	const chair = await signedInPage(browser, app, 'voorzitter.zorgtafel');
	const noor = await signedInPage(browser, app, 'zorg');
	const ruben = await signedInPage(browser, app, 'veiligheid');
	const noorFrames = recordFrames(noor);
	const rubenFrames = recordFrames(ruben);

	// Before the start: published, nobody steers yet, the members cannot start it.
	await gotoReady(chair, `/meetings/${meeting.id}`);
	await expect(chair.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	await expect(chair.getByTestId('live-meeting')).toHaveCount(0);
	await gotoReady(noor, `/meetings/${meeting.id}`);
	await expect(noor.getByRole('button', { name: 'Overleg starten' })).toHaveCount(0);
	await expect(
		noor.getByText('Zodra de voorzitter het overleg start, gaat deze pagina vanzelf over')
	).toBeVisible();

	// The chair starts the meeting.
	await chair.getByRole('button', { name: 'Overleg starten' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('bezig');
	expect(meetingStatus(app, meeting.id)).toBe('in_progress');
	await expect(currentItem(chair)).toHaveText(
		'De voorzitter is nog niet begonnen met het eerste agendapunt.',
		LIVE
	);

	// The zorg member had the agenda open: her page goes live by itself (it looks again every 20 s
	// around the start). The police member opens the running meeting now. They follow, not steer.
	await expect(noor.getByTestId('meeting-status')).toHaveText('bezig', { timeout: 60_000 });
	await gotoReady(ruben, `/meetings/${meeting.id}`);
	for (const page of [noor, ruben]) {
		await expect(page.getByTestId('meeting-status')).toHaveText('bezig');
		await expect(currentItem(page)).toHaveText(
			'De voorzitter is nog niet begonnen met het eerste agendapunt.',
			LIVE
		);
		await expect(page.getByRole('group', { name: 'Bediening van het overleg' })).toHaveCount(0);
	}

	// First item: every screen follows the chair.
	await chair.getByRole('button', { name: 'Eerste agendapunt starten' }).click();
	for (const page of [chair, noor, ruben]) {
		await expect(currentItem(page)).toHaveText(`${anna.reference} – A.K.`, LIVE);
		await expect(page.getByTestId('live-meeting')).toContainText('Agendapunt 1 van 4');
		await expect(page.getByTestId('live-timer')).toContainText('van 15 minuten');
	}

	// Notes: each sees the editors of the compartments they see at the Zorgtafel, and no others.
	await expect(notesEditor(chair, 'shared')).toBeVisible(LIVE);
	await expect(notesEditor(chair, 'zorg')).toBeVisible(LIVE);
	await expect(notesEditor(noor, 'shared')).toBeVisible(LIVE);
	await expect(notesEditor(noor, 'zorg')).toBeVisible(LIVE);
	await expect(notesEditor(ruben, 'shared')).toBeVisible(LIVE);
	await expect(notesEditor(ruben, 'veiligheid')).toBeVisible(LIVE);
	await expect(chair.getByTestId('meeting-notes-panel-veiligheid')).toHaveCount(0);
	await expect(noor.getByTestId('meeting-notes-panel-veiligheid')).toHaveCount(0);
	await expect(ruben.getByTestId('meeting-notes-panel-zorg')).toHaveCount(0);

	const zorgNote = `Zorgnotitie-${t}-traumabehandeling`;
	const veiligheidNote = `Veiligheidsnotitie-${t}-aangifte`;
	const sharedNote = `Gedeeld-${t}-vervolgafspraak`;
	// The zorg member writes in the zorg notes: the chair (zorg) sees it arrive.
	await typeNotes(noor, 'zorg', zorgNote);
	await expect(notesEditor(chair, 'zorg')).toContainText(zorgNote, LIVE);
	// The veiligheid member writes in the veiligheid notes, which only they see here.
	await typeNotes(ruben, 'veiligheid', veiligheidNote);
	// The chair writes in the shared notes: everyone sees it.
	await typeNotes(chair, 'shared', sharedNote);
	await expect(notesEditor(noor, 'shared')).toContainText(sharedNote, LIVE);
	await expect(notesEditor(ruben, 'shared')).toContainText(sharedNote, LIVE);
	// Noor's zorg notes are in the database by now, Ruben's veiligheid notes too.
	const annaItem = agenda[0].id;
	await expect
		.poll(() => persistedText(app, itemDocName(meeting.id, annaItem, 'zorg')), LIVE)
		.toContain(zorgNote);
	await expect
		.poll(() => persistedText(app, itemDocName(meeting.id, annaItem, 'veiligheid')), LIVE)
		.toContain(veiligheidNote);
	// Nobody received the other compartment: not on the screen, not in any frame of their socket.
	expect(await ruben.content()).not.toContain(zorgNote);
	expect(await noor.content()).not.toContain(veiligheidNote);
	expect(await chair.content()).not.toContain(veiligheidNote);
	// (Every message names its document: no message of the other compartment's document may
	// arrive at all, let alone its text.)
	expect(rubenFrames.all()).toContain(itemDocName(meeting.id, annaItem, 'shared')); // the recorder works…
	expect(rubenFrames.all()).toContain(itemDocName(meeting.id, annaItem, 'veiligheid'));
	expect(rubenFrames.all()).not.toContain(itemDocName(meeting.id, annaItem, 'zorg')); // …and no zorg notes came
	expect(rubenFrames.all()).toContain(sharedNote);
	expect(rubenFrames.all()).not.toContain(zorgNote);
	expect(noorFrames.all()).toContain(itemDocName(meeting.id, annaItem, 'zorg'));
	expect(noorFrames.all()).not.toContain(itemDocName(meeting.id, annaItem, 'veiligheid'));
	expect(noorFrames.all()).not.toContain(veiligheidNote);

	// Next item: every screen follows, with that item's (empty) notes.
	await chair.getByRole('button', { name: 'Volgend agendapunt' }).click();
	for (const page of [chair, noor, ruben]) {
		await expect(currentItem(page)).toHaveText(`${jay.reference} – J.`, LIVE);
		await expect(page.getByTestId('live-meeting')).toContainText('Agendapunt 2 van 4');
		await expect(notesEditor(page, 'shared')).toBeVisible(LIVE);
		await expect(notesEditor(page, 'shared')).not.toContainText(sharedNote);
	}
	// Jumping ahead works the same.
	await chair.getByLabel('Ga naar agendapunt').selectOption({ label: '4. Rondvraag' });
	for (const page of [chair, noor, ruben]) await expect(currentItem(page)).toHaveText('Rondvraag', LIVE);
	await chair.getByRole('button', { name: 'Vorig agendapunt' }).click();
	for (const page of [chair, noor, ruben])
		await expect(currentItem(page)).toHaveText(`${demoCase(app, 'C.').reference} – C.`, LIVE);

	// A decision at the first item, recorded live by the chair.
	const decisionText = `Traumazorg ${t} starten via de GGZ`;
	await chair.locator('#d-item').selectOption({ label: `1. ${anna.reference} – A.K.` });
	await chair.locator('#d-kind').selectOption({ label: 'zorgtraject starten' });
	await chair.locator('#d-text').fill(decisionText);
	await chair.locator('#d-owner').selectOption({ label: `${noorUser.name} (${noorUser.organisation})` });
	await chair.locator('#d-date').fill(isoInDays(14));
	await submit(chair, chair.getByRole('button', { name: 'Besluit vastleggen' }), 'decision');
	await expect(chair.getByTestId('meeting-decisions')).toContainText(decisionText);

	// An action at the first item, straight into the case's zorg plan with the meeting as origin.
	const actionTitle = `Intake ${t} traumatherapeut plannen`;
	await chair.getByText('Actie afspreken bij een agendapunt').click();
	await chair.locator('#la-item').selectOption({ label: `1. ${anna.reference} – A.K.` });
	await chair.locator('#la-plan').selectOption({ label: 'Zorgplan' });
	await chair.locator('#la-title').fill(actionTitle);
	await chair.locator('#la-owner').selectOption({ label: `${noorUser.name} (${noorUser.organisation})` });
	await chair.locator('#la-due').fill(isoInDays(10));
	await submit(chair, chair.getByRole('button', { name: 'Actie in het plan zetten' }), 'createAction');
	await expect(chair.getByText('Opgeslagen.')).toBeVisible();
	const action = queryOne<
		| { case_id: number; compartment: string; owner_id: number; origin_kind: string; origin_id: number }
		| undefined
	>(
		app,
		'select case_id, compartment, owner_id, origin_kind, origin_id from case_action where title = ?',
		actionTitle
	);
	expect(action).toEqual({
		case_id: anna.id,
		compartment: 'zorg',
		owner_id: noorUser.id,
		origin_kind: 'meeting',
		origin_id: meeting.id
	});
	// The chair's screen still follows the live meeting after the forms.
	await expect(currentItem(chair)).toHaveText(`${demoCase(app, 'C.').reference} – C.`);

	// The decision is in the decision list of both members (a Zorgtafel decision, table content).
	for (const page of [noor, ruben]) {
		const other = await page.context().newPage();
		await gotoReady(other, '/decisions');
		await expect(
			other.getByTestId('decision-list').locator('tr').filter({ hasText: decisionText })
		).toContainText(anna.reference);
		await other.close();
	}
	// The action is in the case's zorg plan for the zorg member, and not for the veiligheid member.
	const noorCase = await noor.context().newPage();
	await gotoReady(noorCase, `/cases/${anna.id}`);
	await expect(
		noorCase.getByTestId('actions-zorg').locator('li').filter({ hasText: actionTitle })
	).toBeVisible(LIVE);
	await noorCase.close();
	const rubenCase = await ruben.context().newPage();
	await gotoReady(rubenCase, `/cases/${anna.id}`);
	await expect(rubenCase.getByTestId('actions-shared')).toBeVisible(LIVE);
	expect(await rubenCase.content()).not.toContain(actionTitle);
	await rubenCase.close();

	// Attendance, recorded by the chair during the meeting.
	const yusuf = userOf(app, 'coordinator.zorg');
	const sanne = userOf(app, 'coordinator.veiligheid');
	const attendanceTable = chair.getByTestId('attendance');
	await expect(attendanceTable).toBeVisible();
	await chair.getByLabel(`Presentie van ${ingridUser.name}`).selectOption({ label: 'aanwezig' });
	await chair.getByLabel(`Presentie van ${noorUser.name}`).selectOption({ label: 'aanwezig' });
	await chair.getByLabel(`Presentie van ${rubenUser.name}`).selectOption({ label: 'aanwezig' });
	await chair.getByLabel(`Presentie van ${yusuf.name}`).selectOption({ label: 'afgemeld' });
	await chair.getByLabel(`Presentie van ${sanne.name}`).selectOption({ label: 'afwezig' });
	await submit(chair, chair.getByRole('button', { name: 'Presentie opslaan' }), 'attendance');
	expect(
		allRows<{ user_id: number; status: string }>(
			app,
			'select user_id, status from attendance where meeting_id = ? order by user_id',
			meeting.id
		)
	).toEqual(
		[
			{ user_id: ingridUser.id, status: 'present' },
			{ user_id: noorUser.id, status: 'present' },
			{ user_id: rubenUser.id, status: 'present' },
			{ user_id: yusuf.id, status: 'excused' },
			{ user_id: sanne.id, status: 'absent' }
		].sort((a, b) => a.user_id - b.user_id)
	);
	await expectAxeClean(chair);

	// Closing: minutes for every reader, as a page and as a PDF.
	await chair.getByRole('button', { name: 'Overleg sluiten' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('gesloten');
	expect(meetingStatus(app, meeting.id)).toBe('closed');
	await expect(chair.getByRole('group', { name: 'Bediening van het overleg' })).toHaveCount(0);
	// A closed meeting's agenda no longer moves, not even from the chair's own client.
	const liveDoc = await open(app, await sessionCookie(chair), `meeting:${meeting.id}`);
	expect(await liveDoc.outcome).toBe('synced');
	expect(liveDoc.scope()).toBe('readonly');
	const lastItem = liveDoc.doc.getMap('live').get('currentItemId');
	expect(lastItem, 'where the chair left the agenda').toBe(agenda[2].id);
	liveDoc.doc.getMap('live').set('currentItemId', agenda[3].id);
	const liveCheck = await open(app, await sessionCookie(chair), `meeting:${meeting.id}`);
	expect(liveCheck.doc.getMap('live').get('currentItemId')).toBe(lastItem);
	liveDoc.destroy();
	liveCheck.destroy();
	const pdf = await downloadVia(chair, chair.getByRole('link', { name: 'Verslag als PDF' }));
	expect(pdf.name).toBe(`verslag-overleg-${meeting.id}.pdf`);
	expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const chairPdf = flat(pdfText(pdf.body));
	for (const text of [
		'Verslag',
		`Opgesteld voor ${ingridUser.name}`,
		`${noorUser.name} (${noorUser.organisation}): aanwezig`,
		`${yusuf.name} (${yusuf.organisation}): afgemeld`,
		`${sanne.name} (${sanne.organisation}): afwezig`,
		`1. ${anna.reference} – A.K.`,
		sharedNote,
		zorgNote,
		decisionText,
		actionTitle
	])
		expect(chairPdf, `the chair's PDF shows “${text}”`).toContain(inPdf(text));
	expect(chairPdf).not.toContain(veiligheidNote);

	await chair.getByRole('link', { name: 'Verslag lezen' }).click();
	await expect(chair).toHaveURL(new RegExp(`/meetings/${meeting.id}/minutes$`));
	await expect(chair.getByTestId('minutes-attendance')).toContainText(
		`${noorUser.name} (${noorUser.organisation}): aanwezig`
	);
	const firstItem = chair.getByTestId('minutes-item').first();
	await expect(firstItem.getByTestId('minutes-notes-shared')).toContainText(sharedNote);
	await expect(firstItem.getByTestId('minutes-notes-zorg')).toContainText(zorgNote);
	await expect(firstItem.getByTestId('minutes-notes-veiligheid')).toHaveCount(0);
	await expect(firstItem).toContainText(decisionText);
	await expect(chair.getByTestId('minutes-decisions')).toContainText(decisionText);
	await expect(chair.getByTestId('minutes-actions')).toContainText(actionTitle);
	await expectAxeClean(chair);

	// Each member's minutes and PDF hold their own compartment, never the other one.
	const readers = [
		{ page: noor, user: noorUser, own: zorgNote, other: veiligheidNote, action: true },
		{ page: ruben, user: rubenUser, own: veiligheidNote, other: zorgNote, action: false }
	];
	for (const r of readers) {
		const res = await r.page.request.get(`/meetings/${meeting.id}/minutes.pdf`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		const text = flat(pdfText(await res.body()));
		expect(text).toContain(`Opgesteld voor ${r.user.name}`);
		expect(text).toContain(sharedNote);
		expect(text).toContain(r.own);
		expect(text).toContain(decisionText);
		expect(text, `${r.user.name}'s PDF must not contain the other compartment's notes`).not.toContain(
			r.other
		);
		if (r.action) expect(text).toContain(actionTitle);
		else expect(text, 'the veiligheid member does not see the zorg plan’s action').not.toContain(actionTitle);
		const page = await getText(r.page, `/meetings/${meeting.id}/minutes`);
		expect(page.status).toBe(200);
		expect(page.text).toContain(r.own);
		expect(page.text).not.toContain(r.other);
	}
	// Reading and exporting the minutes is in the access log.
	expect(
		count(
			app,
			"select count(*) as n from access_log where object_type = 'minutes' and object_id = ? and action = 'export'",
			String(meeting.id)
		)
	).toBeGreaterThanOrEqual(3);
});

test('the projector shows the current item’s shared content only, whoever’s laptop opens it', async ({
	browser,
	app
}) => {
	test.setTimeout(180_000);
	const t = tag();
	// The Zorgtafel's meeting in two weeks (not today's: the journey above uses that one).
	const later = meetingsOf(app, 'zorgtafel')
		.filter((x) => x.status === 'published')
		.at(-1)!;
	const agenda = agendaOf(app, later.id);
	const firstLabel = itemLabel(app, agenda[0]);
	const secondLabel = itemLabel(app, agenda[1]);

	const chair = await signedInPage(browser, app, 'voorzitter.zorgtafel');
	const noor = await signedInPage(browser, app, 'zorg');
	const ruben = await signedInPage(browser, app, 'veiligheid');
	await gotoReady(chair, `/meetings/${later.id}`);
	// Before the start the projector says so.
	const early = await chair.context().newPage();
	await gotoReady(early, `/meetings/${later.id}/projector`);
	await expect(early.getByText('Dit overleg is niet bezig.')).toBeVisible();
	await early.close();

	await chair.getByRole('button', { name: 'Overleg starten' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('bezig');
	await chair.getByRole('button', { name: 'Eerste agendapunt starten' }).click();
	await expect(currentItem(chair)).toHaveText(firstLabel, LIVE);
	await gotoReady(noor, `/meetings/${later.id}`);
	await gotoReady(ruben, `/meetings/${later.id}`);

	const sharedNote = `Beamer-gedeeld-${t}`;
	const zorgNote = `Beamer-zorg-${t}`;
	const veiligheidNote = `Beamer-veiligheid-${t}`;
	await typeNotes(chair, 'shared', sharedNote);
	await typeNotes(noor, 'zorg', zorgNote);
	await typeNotes(ruben, 'veiligheid', veiligheidNote);

	// The projector, opened from the zorg member's and from the veiligheid member's laptop.
	for (const [who, page, own] of [
		['zorg', noor, zorgNote],
		['veiligheid', ruben, veiligheidNote]
	] as const) {
		const projector = await page.context().newPage();
		const frames = recordFrames(projector);
		await gotoReady(projector, `/meetings/${later.id}/projector`);
		const live = projector.getByTestId('live-meeting');
		await expect(live.getByRole('heading', { name: 'Nu aan de orde' })).toBeVisible();
		await expect(currentItem(projector)).toHaveText(firstLabel, LIVE);
		await expect(notesEditor(projector, 'shared')).toContainText(sharedNote, LIVE);
		await expect(notesEditor(projector, 'shared')).toHaveAttribute('contenteditable', 'false');
		await expect(projector.getByTestId('meeting-notes-panel-zorg')).toHaveCount(0);
		await expect(projector.getByTestId('meeting-notes-panel-veiligheid')).toHaveCount(0);
		// No steering from the projector.
		await expect(projector.getByRole('group', { name: 'Bediening van het overleg' })).toHaveCount(0);
		// The chair moves on: the projector follows.
		await chair.getByRole('button', { name: 'Volgend agendapunt' }).click();
		await expect(currentItem(projector)).toHaveText(secondLabel, LIVE);
		await expect(projector.getByTestId('live-meeting')).toContainText(`Agendapunt 2 van ${agenda.length}`);
		await chair.getByRole('button', { name: 'Vorig agendapunt' }).click();
		await expect(currentItem(projector)).toHaveText(firstLabel, LIVE);
		await expect(notesEditor(projector, 'shared')).toContainText(sharedNote, LIVE);
		// Neither compartment is on the screen, in the page data or in any frame the socket received.
		const html = await projector.content();
		const data = await getText(projector, `/meetings/${later.id}/projector/__data.json`);
		for (const text of [zorgNote, veiligheidNote]) {
			expect(html, `the projector on ${who}'s laptop shows “${text}”`).not.toContain(text);
			expect(data.text).not.toContain(text);
			expect(frames.all(), `the projector on ${who}'s laptop received “${text}”`).not.toContain(text);
		}
		expect(frames.all()).toContain(`meeting:${later.id}:item:${agenda[0].id}:shared`);
		expect(frames.all()).not.toMatch(new RegExp(`meeting:${later.id}:item:\\d+:(zorg|veiligheid)`));
		// The laptop's own meeting page still has its compartment (so the check above can tell).
		await expect(notesEditor(page, who)).toContainText(own);
		if (who === 'zorg') await expectAxeClean(projector);
		await projector.close();
	}
});

test('corrections after closing are tracked until the next meeting approves the minutes; then the notes are read-only', async ({
	browser,
	app
}) => {
	test.setTimeout(180_000);
	const t = tag();
	// The Stuurtafel: its last meeting is closed; the next one is a draft the chair publishes and starts.
	const closed = meetingOf(app, 'stuurtafel', 'closed');
	const next = meetingOf(app, 'stuurtafel', 'draft');
	const closedItem = agendaOf(app, closed.id)[0];
	const doc = itemDocName(closed.id, closedItem.id, 'veiligheid');
	const ruben = await signedInPage(browser, app, 'veiligheid');
	const rubenCookie = await sessionCookie(ruben);

	// A correction by the veiligheid member in the closed meeting's notes is tracked.
	const correction = `Correctie-${t}-na-afloop`;
	const writer = await open(app, rubenCookie, doc);
	expect(await writer.outcome).toBe('synced');
	expect(writer.scope()).toBe('read-write');
	appendParagraph(writer.doc, correction);
	await expect.poll(() => writer.provider.unsyncedChanges, LIVE).toBe(0);
	await expect
		.poll(() =>
			count(
				app,
				"select count(*) as n from minutes_correction where meeting_id = ? and agenda_item_id = ? and compartment = 'veiligheid' and user_id = ?",
				closed.id,
				closedItem.id,
				userOf(app, 'veiligheid').id
			)
		)
		.toBe(1);
	await gotoReady(ruben, `/meetings/${closed.id}/minutes`);
	await expect(
		ruben.getByTestId('minutes-item').first().getByTestId('minutes-notes-veiligheid')
	).toContainText(correction);
	await expect(ruben.getByTestId('minutes-corrections')).toContainText(
		`${userOf(app, 'veiligheid').name} (veiligheid)`
	);

	// The chair publishes and starts the next meeting and approves the minutes there.
	const chair = await signedInPage(browser, app, 'voorzitter.stuurtafel');
	await gotoReady(chair, `/meetings/${next.id}`);
	await chair.getByRole('button', { name: 'Agenda publiceren' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	await chair.getByRole('button', { name: 'Overleg starten' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('bezig');
	await expect(chair.getByText(/Het verslag van .* wacht op vaststelling\./)).toBeVisible();
	await submit(chair, chair.getByRole('button', { name: 'Verslag vaststellen' }), 'approveMinutes');
	await expect(chair.getByText('Opgeslagen.')).toBeVisible();
	expect(meetingStatus(app, closed.id)).toBe('minutes_approved');
	await expect(chair.getByText(/wacht op vaststelling/)).toHaveCount(0);

	// The open connection becomes read-only within seconds; a later change is not accepted.
	await expect.poll(() => writer.scope(), LIVE).toBe('readonly');
	await expect.poll(() => writer.provider.isSynced, LIVE).toBe(true);
	const rejected = `Na-vaststelling-${t}`;
	appendParagraph(writer.doc, rejected);
	// A new connection gets read-only too.
	const reader = await open(app, rubenCookie, doc);
	expect(await reader.outcome).toBe('synced');
	expect(reader.scope()).toBe('readonly');
	const attempt = `Poging-${t}-te-wijzigen`;
	appendParagraph(reader.doc, attempt);
	// Let the server see both attempts (a later connection's sync is answered after them).
	const control = await open(app, rubenCookie, doc);
	expect(await control.outcome).toBe('synced');
	const controlText = control.doc.getXmlFragment('notes').toJSON();
	expect(controlText).toContain(correction);
	expect(controlText).not.toContain(rejected);
	expect(controlText).not.toContain(attempt);
	for (const c of [writer, reader, control]) c.destroy();
	expect(persistedText(app, doc)).not.toContain(attempt);
	expect(persistedText(app, doc)).not.toContain(rejected);

	// The minutes say they are final; their page shows no change, and no correction was recorded.
	await gotoReady(ruben, `/meetings/${closed.id}`);
	await expect(
		ruben.getByText('Het verslag is vastgesteld en kan niet meer worden gewijzigd.')
	).toBeVisible();
	const minutes = await getText(ruben, `/meetings/${closed.id}/minutes`);
	expect(minutes.text).toContain(correction);
	expect(minutes.text).not.toContain(attempt);
	expect(
		count(app, 'select count(*) as n from minutes_correction where meeting_id = ?', closed.id),
		'no correction after approval'
	).toBe(1);
	// Crafted changes to the approved meeting: a Dutch message, nothing changed.
	const decisions = count(app, 'select count(*) as n from decision where meeting_id = ?', closed.id);
	const decision = await postForm(chair, app, `/meetings/${closed.id}?/decision`, {
		agendaItemId: String(closedItem.id),
		kind: 'other',
		text: `Achteraf toegevoegd ${t}`,
		followUpOwnerId: '',
		followUpDate: ''
	});
	expect(decision.status()).toBe(409);
	expect(await decision.text()).toContain(
		'Besluiten kunnen alleen in een gepubliceerd of lopend overleg worden vastgelegd.'
	);
	expect(count(app, 'select count(*) as n from decision where meeting_id = ?', closed.id)).toBe(decisions);
	const presence = await postForm(chair, app, `/meetings/${closed.id}?/attendance`, {
		[`a-${userOf(app, 'veiligheid').id}`]: 'absent'
	});
	expect(presence.status()).toBe(409);
	expect(await presence.text()).toContain('Het verslag is vastgesteld en kan niet meer worden gewijzigd.');
	expect(
		count(app, "select count(*) as n from attendance where meeting_id = ? and status = 'absent'", closed.id)
	).toBe(0);
	const again = await postForm(chair, app, `/meetings/${next.id}?/approveMinutes`, {});
	expect(again.status()).toBe(409);
	expect(await again.text()).toContain(
		'Er is geen verslag van een eerder overleg dat op vaststelling wacht.'
	);
});

test('refusals: the agenda of a meeting that is not running, notes in an unseen compartment, minutes of another table', async ({
	browser,
	app
}) => {
	test.setTimeout(180_000);
	const t = tag();
	// The AVO's next meeting: published, not running.
	const meeting = meetingOf(app, 'avo', 'published');
	const agenda = agendaOf(app, meeting.id);
	const live = `meeting:${meeting.id}`;
	const chair = await signedInPage(browser, app, 'coordinator.veiligheid'); // chairs the AVO
	const chairCookie = await sessionCookie(chair);

	// The page has no live mode and no controls; the projector says the meeting is not running.
	await gotoReady(chair, `/meetings/${meeting.id}`);
	await expect(chair.getByTestId('meeting-status')).toHaveText('gepubliceerd');
	await expect(chair.getByTestId('live-meeting')).toHaveCount(0);
	await expect(chair.getByRole('button', { name: 'Volgend agendapunt' })).toHaveCount(0);
	await gotoReady(chair, `/meetings/${meeting.id}/projector`);
	await expect(chair.getByText('Dit overleg is niet bezig.')).toBeVisible();
	await expect(chair.getByTestId('live-meeting')).toHaveCount(0);

	// Even the chair's own client cannot move the agenda of a meeting that is not running.
	const steer = await open(app, chairCookie, live);
	expect(await steer.outcome).toBe('synced');
	expect(steer.scope()).toBe('readonly');
	steer.doc.getMap('live').set('currentItemId', agenda[0].id);
	const check = await open(app, chairCookie, live);
	expect(await check.outcome).toBe('synced');
	expect(check.doc.getMap('live').get('currentItemId')).toBeUndefined();
	steer.destroy();
	check.destroy();
	expect(persistedText(app, live)).not.toContain(String(agenda[0].id));
	// Nor are there notes before the meeting starts.
	const early = await open(app, chairCookie, itemDocName(meeting.id, agenda[0].id, 'veiligheid'));
	expect(await early.outcome).toBe('refused');
	early.destroy();

	// Actions from the agenda only while the meeting runs: a Dutch message, nothing made.
	const actions = count(app, 'select count(*) as n from case_action');
	const action = await postForm(chair, app, `/meetings/${meeting.id}?/createAction`, {
		itemId: String(agenda[0].id),
		compartment: 'veiligheid',
		title: `Vooruitgelopen ${t}`,
		ownerId: '',
		dueDate: ''
	});
	expect(action.status()).toBe(409);
	expect(await action.text()).toContain('Dit kan alleen tijdens het overleg.');
	expect(count(app, 'select count(*) as n from case_action')).toBe(actions);
	// Closing a meeting that never started skips a step.
	const close = await postForm(chair, app, `/meetings/${meeting.id}?/advance`, { status: 'closed' });
	expect(close.status()).toBe(409);
	expect(await close.text()).toContain(
		'Deze stap kan nu niet: volg de volgorde concept, gepubliceerd, bezig, gesloten.'
	);
	expect(meetingStatus(app, meeting.id)).toBe('published');
	// Minutes exist only once the meeting is closed.
	const early2 = await getText(chair, `/meetings/${meeting.id}/minutes`);
	expect(early2.status).toBe(400);
	expect(early2.text).toContain('Het verslag is er pas als het overleg is gesloten.');

	// A member does not start the meeting (404, logged), and does not steer a running one.
	const ruben = await signedInPage(browser, app, 'veiligheid');
	const rubenCookie = await sessionCookie(ruben);
	const rubenUser = userOf(app, 'veiligheid');
	const start = await postForm(ruben, app, `/meetings/${meeting.id}?/advance`, { status: 'in_progress' });
	expect(start.status()).toBe(404);
	expect(meetingStatus(app, meeting.id)).toBe('published');
	await gotoReady(chair, `/meetings/${meeting.id}`);
	await chair.getByRole('button', { name: 'Overleg starten' }).click();
	await expect(chair.getByTestId('meeting-status')).toHaveText('bezig');
	const member = await open(app, rubenCookie, live);
	expect(await member.outcome).toBe('synced');
	expect(member.scope()).toBe('readonly');
	member.doc.getMap('live').set('currentItemId', agenda[1].id);
	const chairView = await open(app, chairCookie, live);
	expect(await chairView.outcome).toBe('synced');
	expect(chairView.scope()).toBe('read-write');
	expect(chairView.doc.getMap('live').get('currentItemId')).toBeUndefined();
	// The chair's client may not point the agenda at an item of another meeting either.
	const foreign = agendaOf(app, meetingOf(app, 'avo', 'closed').id)[0].id;
	chairView.doc.getMap('live').set('currentItemId', foreign);
	await expect.poll(() => chairView.doc.getMap('live').get('currentItemId') ?? null, LIVE).toBeNull();
	member.destroy();
	chairView.destroy();

	// Notes in a compartment one does not see at this table: the zorg domain sees nothing beyond
	// `shared` at the AVO, and the zorg member is not on the AVO at all.
	const noor = await signedInPage(browser, app, 'zorg');
	const noorCookie = await sessionCookie(noor);
	const stuurtafelChair = await signedInPage(browser, app, 'voorzitter.stuurtafel'); // veiligheid, AVO member
	for (const [who, cookie, name, outcome] of [
		['zorg', noorCookie, itemDocName(meeting.id, agenda[0].id, 'shared'), 'refused'],
		['zorg', noorCookie, live, 'refused'],
		['veiligheid', rubenCookie, itemDocName(meeting.id, agenda[0].id, 'zorg'), 'refused'],
		['veiligheid', rubenCookie, itemDocName(meeting.id, agenda[0].id, 'veiligheid'), 'synced'],
		[
			'voorzitter.stuurtafel',
			await sessionCookie(stuurtafelChair),
			itemDocName(meeting.id, agenda[0].id, 'zorg'),
			'refused'
		]
	] as const) {
		const client = await open(app, cookie, name);
		expect(await client.outcome, `${who} opens ${name}`).toBe(outcome);
		client.destroy();
	}
	expect(
		count(
			app,
			"select count(*) as n from access_log where user_id = ? and action = 'denied' and object_type = 'collab' and object_id = ?",
			rubenUser.id,
			itemDocName(meeting.id, agenda[0].id, 'zorg')
		),
		'the refusal is logged'
	).toBe(1);

	// Minutes of another table: 404 for page and PDF, logged.
	const zorgtafelClosed = meetingOf(app, 'zorgtafel', 'closed');
	for (const path of [
		`/meetings/${zorgtafelClosed.id}/minutes`,
		`/meetings/${zorgtafelClosed.id}/minutes.pdf`
	]) {
		const res = await getText(stuurtafelChair, path);
		expect(res.status, path).toBe(404);
		expect(res.text).not.toContain('%PDF');
	}
	expect(
		count(
			app,
			"select count(*) as n from access_log where user_id = ? and action = 'denied' and object_id = ?",
			userOf(app, 'voorzitter.stuurtafel').id,
			String(zorgtafelClosed.id)
		)
	).toBeGreaterThanOrEqual(2);
});
