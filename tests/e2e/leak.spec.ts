/**
 * The leak test of DESIGN.md §6 (issue 4): unique marker strings are planted in every compartment
 * of every demo case, then every demo account crawls every page it can reach by following links
 * from the start page, with each page's `__data.json`, and each marker must appear for exactly the
 * accounts the design allows — never elsewhere, and always for those allowed (so the test can
 * fail both ways).
 *
 * The allowed set is computed from DESIGN.md §3 by `designedAccess` (fixtures.ts), from the facts
 * in the database (active memberships, each table's compartment policy, the user's domain, owner,
 * leads and participants), not by asking the app's policy module.
 *
 * Markers are written straight into the spec's SQLite file (the app reads it per request):
 * - shared: the subject's label (visible at every case about that subject), the case reference,
 *   the notes of the AVE phase history;
 * - zorg: care needs, health, shelter, consent scope, and a timeline entry of the zorg compartment;
 * - veiligheid: police information, investigation, Bibob information, a note on an administrative
 *   intervention, and a timeline entry of the veiligheid compartment.
 *
 * Action plans (issue 6) add markers to the collaboration documents: in every plan document of
 * every demo case (`case:<id>:plan` → shared, `:zorg`, `:veiligheid`) a note and an action title.
 * They are written through the collaboration server by an account that may write there (a
 * stock provider with that account's session, so validation and projection run as usual), and
 * straight into the database where nobody may write (a closed case, a compartment no demo account
 * sees). Every account then also fetches `/actions`, `/actions/board`, `/actions/board.csv` and
 * `/cases/<id>/actions.csv` of every case, and opens every plan document over the WebSocket; a
 * document must open exactly when DESIGN.md §3 allows its compartment, and its content counts
 * like a page.
 *
 * Later issues extend the crawl to their pages, exports, PDF, calendar files and collaboration
 * documents.
 */
import type { Page } from '@playwright/test';
import {
	DEMO_ACCOUNT_NAMES,
	appendNote,
	collabSaved,
	compartmentOf,
	dataUrl,
	designedAccess,
	emailOf,
	expect,
	getText,
	gotoReady,
	loginAs,
	openCollabDoc,
	openDatabase,
	planDocName,
	plantPlanInDatabase,
	postForm,
	pushAction,
	queryOne,
	readCollabDocs,
	sessionCookie,
	signedInPage,
	test,
	userOf,
	type AppServer,
	type Compartment,
	type DemoAccount,
	type DesignedAccess,
	type PlanPart
} from './fixtures';

const MAX_PAGES = 200; // pages reached by links, plus the action exports fetched for every case
const PARALLEL = 4;

interface Marker {
	text: string;
	compartment: Compartment;
	/** The cases whose viewers may see it (a subject's label: every case about that subject). */
	caseIds: number[];
	where: string;
}

/** Writes the markers into every demo case and returns them. */
function plantMarkers(app: AppServer, run: string): Marker[] {
	const db = openDatabase(app);
	const markers: Marker[] = [];
	const mark = (caseIds: number[], compartment: Compartment, where: string) => {
		const text = `LEK${run}-${where.replace(/[^a-z0-9]+/gi, '-')}-X`;
		markers.push({ text, compartment, caseIds, where });
		return text;
	};
	try {
		const now = Date.now();
		const cases = db
			.prepare('select id, reference, subject_id, owner_id from case_file order by id')
			.all() as Array<{
			id: number;
			reference: string;
			subject_id: number;
			owner_id: number;
		}>;
		db.transaction(() => {
			for (const c of cases) {
				// Shared: the reference itself (must not show up anywhere for those who do not reach it).
				markers.push({
					text: c.reference,
					compartment: 'shared',
					caseIds: [c.id],
					where: `c${c.id} reference`
				});
				db.prepare('update case_phase set note = ? where case_id = ?').run(
					mark([c.id], 'shared', `c${c.id} phase-note`),
					c.id
				);

				db.prepare(
					'update case_zorg set care_needs = ?, health = ?, shelter = ?, consent_scope = ? where case_id = ?'
				).run(
					mark([c.id], 'zorg', `c${c.id} care-needs`),
					mark([c.id], 'zorg', `c${c.id} health`),
					mark([c.id], 'zorg', `c${c.id} shelter`),
					mark([c.id], 'zorg', `c${c.id} consent-scope`),
					c.id
				);
				db.prepare(
					'update case_veiligheid set police_info = ?, investigation = ?, bibob_info = ? where case_id = ?'
				).run(
					mark([c.id], 'veiligheid', `c${c.id} police-info`),
					mark([c.id], 'veiligheid', `c${c.id} investigation`),
					mark([c.id], 'veiligheid', `c${c.id} bibob-info`),
					c.id
				);
				db.prepare(
					"insert into case_intervention (case_id, kind, status, decided_on, note, created_at, created_by) values (?, 'inspection', 'planned', null, ?, ?, ?)"
				).run(c.id, mark([c.id], 'veiligheid', `c${c.id} intervention-note`), now, c.owner_id);
				const event = db.prepare(
					'insert into case_event (case_id, at, user_id, kind, compartment, detail) values (?, ?, ?, ?, ?, ?)'
				);
				event.run(
					c.id,
					now,
					c.owner_id,
					'zorg_updated',
					'zorg',
					mark([c.id], 'zorg', `c${c.id} zorg-timeline`)
				);
				event.run(
					c.id,
					now,
					c.owner_id,
					'veiligheid_updated',
					'veiligheid',
					mark([c.id], 'veiligheid', `c${c.id} veiligheid-timeline`)
				);
			}
			// Links between victim and perpetrator cases, with the timeline entries that name the
			// other case: an entry naming a case its reader does not reach must not show its
			// reference (issue 13, finding 1). The references are markers already.
			const kinds = db.prepare('select id, kind from case_file').all() as Array<{ id: number; kind: string }>;
			const victims = kinds.filter((k) => k.kind === 'victim').map((k) => k.id);
			const perpetrators = kinds.filter((k) => k.kind === 'perpetrator').map((k) => k.id);
			const refOf = (id: number) => cases.find((c) => c.id === id)!.reference;
			for (const [i, v] of victims.entries()) {
				const p = perpetrators[i % Math.max(perpetrators.length, 1)];
				if (p === undefined) break;
				const [a, b] = v < p ? [v, p] : [p, v];
				const linked = db
					.prepare(
						'insert or ignore into case_link (case_a, case_b, created_at, created_by) values (?, ?, ?, null)'
					)
					.run(a, b, now);
				if (linked.changes === 0) continue;
				const event = db.prepare(
					"insert into case_event (case_id, at, user_id, kind, compartment, detail) values (?, ?, null, 'linked', 'shared', ?)"
				);
				event.run(v, now, refOf(p));
				event.run(p, now, refOf(v));
			}
			// Shared: each subject's label, visible wherever a case about that subject is visible.
			const subjects = db.prepare('select id, label from subject').all() as Array<{
				id: number;
				label: string;
			}>;
			for (const s of subjects) {
				const caseIds = cases.filter((c) => c.subject_id === s.id).map((c) => c.id);
				if (caseIds.length === 0) continue;
				const text = mark(caseIds, 'shared', `s${s.id} subject-label`);
				db.prepare('update subject set label = ? where id = ?').run(`${s.label} ${text}`, s.id);
			}
		})();
	} finally {
		db.close();
	}
	return markers;
}

const PARTS: PlanPart[] = ['plan', 'zorg', 'veiligheid'];

/** All rows of a query on the spec's database (read-only). */
function allRows<T>(app: AppServer, sql: string, ...params: unknown[]): T[] {
	const db = openDatabase(app, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

/**
 * Writes a note and an action title marker into every plan document of every case: through the
 * collaboration server as an account that may write there (the action owned by that account, so
 * it shows in their "Mijn acties"), or straight into the database where no account may write.
 * The database writes come first, while no document is open: a write from another process while
 * the server compacts a document takes the server down (plans.spec.ts, last test).
 */
async function plantPlanMarkers(
	app: AppServer,
	run: string,
	rules: DesignedAccess,
	cookies: Map<DemoAccount, string>,
	closed: Set<number>
): Promise<{ markers: Marker[]; throughServer: number; inDatabase: number }> {
	const markers: Marker[] = [];
	const viaServer: Array<() => Promise<void>> = [];
	let inDatabase = 0;
	for (const caseId of rules.caseIds) {
		for (const [i, part] of PARTS.entries()) {
			const compartment = compartmentOf(part);
			const note = `LEK${run}-c${caseId}-${part}-plan-note-X`;
			const title = `LEK${run}-c${caseId}-${part}-plan-action-X`;
			markers.push(
				{ text: note, compartment, caseIds: [caseId], where: `c${caseId} ${part} plan note` },
				{ text: title, compartment, caseIds: [caseId], where: `c${caseId} ${part} plan action` }
			);
			const allowed = DEMO_ACCOUNT_NAMES.filter((who) =>
				rules.compartments(rules.users.get(emailOf(who))!.id, caseId).has(compartment)
			);
			// Spread the writing (and the owning) over the accounts that may.
			const writer = allowed.length > 0 ? allowed[(caseId + i) % allowed.length] : null;
			const ownerId = writer ? rules.users.get(emailOf(writer))!.id : null;
			if (!writer || closed.has(caseId)) {
				plantPlanInDatabase(app, caseId, part, { notes: [note], actions: [{ title, ownerId }] });
				inDatabase++;
				continue;
			}
			viaServer.push(async () => {
				const client = openCollabDoc(app, cookies.get(writer)!, planDocName(caseId, part));
				try {
					expect(await client.outcome, `${writer} opens ${planDocName(caseId, part)}`).toBe('synced');
					expect(client.scope(), `${writer} may write ${planDocName(caseId, part)}`).toBe('read-write');
					appendNote(client.doc, note);
					pushAction(client.doc, {
						id: crypto.randomUUID(),
						title,
						ownerId,
						dueDate: null,
						status: 'open',
						reason: null
					});
					await collabSaved(client);
				} finally {
					client.destroy();
				}
			});
		}
	}
	for (const write of viaServer) await write();
	// The actions are projected (the server did it before acknowledging).
	const projected = allRows<{ n: number }>(
		app,
		'select count(*) as n from case_action where title like ? and removed_at is null',
		`LEK${run}-%`
	)[0];
	expect(projected.n, 'every planted action is projected').toBe(rules.caseIds.length * PARTS.length);
	return { markers, throughServer: viaServer.length, inDatabase };
}

/** Whether a text contains the marker (a reference must not be followed by another digit). */
function contains(text: string, marker: string): boolean {
	let from = 0;
	for (;;) {
		const at = text.indexOf(marker, from);
		if (at < 0) return false;
		if (!/\d/.test(text.charAt(at + marker.length))) return true;
		from = at + 1;
	}
}

/** Some text around the first occurrence, for failure messages. */
function around(text: string, marker: string): string {
	const at = text.indexOf(marker);
	return at < 0 ? '' : text.slice(Math.max(0, at - 160), at + marker.length + 40).replace(/\s+/g, ' ');
}

interface Crawl {
	/** Path (with query) → the HTML and the __data.json of that page. */
	bodies: Map<string, string>;
	serverErrors: string[];
	lostSession: string[];
}

/** Same-origin links of a page worth following (no sign-out, no form actions, no assets). */
function linksOf(html: string, base: URL): string[] {
	const out: string[] = [];
	for (const match of html.matchAll(/\bhref="([^"]*)"/g)) {
		const raw = match[1].replace(/&amp;/g, '&');
		if (!raw || raw.startsWith('#') || raw.startsWith('mailto:') || raw.startsWith('tel:')) continue;
		const url = new URL(raw, base);
		if (url.origin !== base.origin) continue;
		if (
			url.pathname.startsWith('/_app/') ||
			url.pathname === '/logout' ||
			url.pathname.startsWith('/logout/')
		)
			continue;
		if (/\.(css|js|mjs|map|png|jpe?g|svg|ico|woff2?|webmanifest|json|txt)$/i.test(url.pathname)) continue;
		if (url.search.startsWith('?/')) continue; // a form action
		out.push(url.pathname + url.search);
	}
	return out;
}

/**
 * Follows links from `/` (and from `extra`, fetched whether linked or not) with the page's
 * session, fetching each page and its __data.json (not for CSV exports).
 */
async function crawl(page: Page, extra: string[] = []): Promise<Crawl> {
	const seen = new Set<string>(['/', ...extra]);
	const queue = ['/', ...extra];
	const result: Crawl = { bodies: new Map(), serverErrors: [], lostSession: [] };
	const visit = async (path: string) => {
		const res = await page.request.get(path, { failOnStatusCode: false });
		const html = await res.text();
		if (res.status() >= 500) result.serverErrors.push(`${path}: ${res.status()}`);
		if (new URL(res.url()).pathname === '/login') result.lostSession.push(path);
		if (new URL(path, 'http://x').pathname.endsWith('.csv')) {
			result.bodies.set(path, html);
			return;
		}
		const data = await getText(page, dataUrl(path));
		if (data.status >= 500) result.serverErrors.push(`${dataUrl(path)}: ${data.status}`);
		result.bodies.set(path, `${html}\n${data.text}`);
		for (const link of linksOf(html, new URL(res.url()))) {
			if (seen.has(link) || seen.size >= MAX_PAGES) continue;
			seen.add(link);
			queue.push(link);
		}
	};
	const active = new Set<Promise<void>>();
	while (queue.length > 0 || active.size > 0) {
		while (queue.length > 0 && active.size < PARALLEL) {
			const p: Promise<void> = visit(queue.shift()!).finally(() => active.delete(p));
			active.add(p);
		}
		if (active.size > 0) await Promise.race(active);
	}
	return result;
}

test('every planted marker appears for exactly the accounts the design allows (pages and __data.json)', async ({
	browser,
	app
}) => {
	// Twelve sign-ins and about a thousand requests on a two-core machine.
	test.setTimeout(600_000);
	const run = Math.random().toString(36).slice(2, 7).toUpperCase();
	const markers = plantMarkers(app, run);
	const db = openDatabase(app, { readonly: true });
	const rules = designedAccess(db);
	db.close();
	expect(markers.length).toBeGreaterThan(100);

	// Everyone signs in once (the crawl reuses the sessions); the plan markers need their cookies.
	const cookies = new Map<DemoAccount, string>();
	for (const who of DEMO_ACCOUNT_NAMES) {
		const page = await signedInPage(browser, app, who);
		cookies.set(who, await sessionCookie(page));
		await page.context().close();
	}
	const closed = new Set(
		allRows<{ id: number }>(app, "select id from case_file where status = 'closed'").map((r) => r.id)
	);
	expect(closed.size, 'the demo data has a closed case').toBeGreaterThan(0);
	const planted = await test.step('plant markers in the plan documents', () =>
		plantPlanMarkers(app, run, rules, cookies, closed));
	markers.push(...planted.markers);
	expect(planted.throughServer, 'plan markers written through the collaboration server').toBeGreaterThan(20);
	expect(
		planted.inDatabase,
		'plan markers where nobody may write (closed case, unseen compartments)'
	).toBeGreaterThan(0);
	const planDocs = rules.caseIds.flatMap((id) => PARTS.map((part) => planDocName(id, part)));
	const extraPaths = [
		'/actions',
		'/actions/board',
		'/actions/board.csv',
		...rules.caseIds.map((id) => `/cases/${id}/actions.csv`)
	];

	const allowed = (who: DemoAccount, marker: Marker) => {
		const user = rules.users.get(emailOf(who));
		expect(user, `demo account ${who}`).toBeTruthy();
		return marker.caseIds.some((caseId) => rules.compartments(user!.id, caseId).has(marker.compartment));
	};

	const leaks: string[] = [];
	const missing: string[] = [];
	const summary: string[] = [];
	const wrongDocs: string[] = [];
	for (const who of DEMO_ACCOUNT_NAMES) {
		const page = await signedInPage(browser, app, who);
		const result = await crawl(page, extraPaths);
		await page.context().close();
		expect(result.serverErrors, `server errors while ${who} crawled`).toEqual([]);
		expect(result.lostSession, `${who} was sent to the sign-in page`).toEqual([]);
		expect(result.bodies.size, `${who} crawled within the bound`).toBeLessThan(MAX_PAGES);
		// Every plan document over the WebSocket: opens exactly where the design allows it.
		const user = rules.users.get(emailOf(who))!;
		const docs = await test.step(`${who} opens every plan document`, () =>
			readCollabDocs(app, cookies.get(who)!, planDocs));
		for (const [name, doc] of docs) {
			const [, caseId, part] = name.split(':');
			const may = rules.compartments(user.id, Number(caseId)).has(compartmentOf(part as PlanPart));
			if ((doc.outcome === 'synced') !== may)
				wrongDocs.push(`${who} ${doc.outcome} ${name} (designed: ${may ? 'open' : 'refused'})`);
			const scope = closed.has(Number(caseId)) ? 'readonly' : 'read-write';
			if (doc.outcome === 'synced' && doc.scope !== scope)
				wrongDocs.push(`${who} got ${doc.scope} on ${name} (designed: ${scope})`);
			if (doc.outcome === 'synced') result.bodies.set(`collab ${name}`, doc.text);
		}
		let seenMarkers = 0;
		for (const marker of markers) {
			const foundAt = [...result.bodies]
				.filter(([, body]) => contains(body, marker.text))
				.map(([path]) => path);
			const may = allowed(who, marker);
			if (foundAt.length > 0) seenMarkers++;
			if (foundAt.length > 0 && !may) {
				leaks.push(
					`${who} sees ${marker.compartment} marker ${marker.where} (${marker.text}) at ${foundAt.slice(0, 5).join(', ')}`
				);
			}
			if (foundAt.length === 0 && may)
				missing.push(`${who} should see ${marker.compartment} marker ${marker.where} (${marker.text})`);
		}
		summary.push(`${who}: ${result.bodies.size} pages, ${seenMarkers}/${markers.length} markers`);
	}
	test.info().annotations.push({ type: 'crawl', description: summary.join('; ') });
	expect(
		wrongDocs,
		`plan documents opened or refused against DESIGN.md §3:\n${wrongDocs.join('\n')}`
	).toEqual([]);
	expect(leaks, `markers seen where DESIGN.md §3 forbids it:\n${leaks.join('\n')}`).toEqual([]);
	expect(missing, `markers not found where DESIGN.md §3 allows them:\n${missing.join('\n')}`).toEqual([]);

	// The test can tell: some markers are allowed for some accounts and forbidden for others.
	for (const compartment of ['shared', 'zorg', 'veiligheid'] as const) {
		const ofKind = markers.filter((m) => m.compartment === compartment);
		expect(ofKind.some((m) => DEMO_ACCOUNT_NAMES.some((who) => allowed(who, m)))).toBe(true);
		expect(ofKind.some((m) => DEMO_ACCOUNT_NAMES.some((who) => !allowed(who, m)))).toBe(true);
	}
});

test('a case made from a signal does not show through the signal to coordinators outside its tables', async ({
	browser,
	app
}) => {
	test.slow(); // three sign-ins
	const db = openDatabase(app, { readonly: true });
	const signal = db
		.prepare(
			"select id, reference from signal where municipality = 'Dommelstroom' and status = 'in_triage' order by id limit 1"
		)
		.get() as { id: number; reference: string };
	const avo = db.prepare("select id from deliberation_table where kind = 'avo'").get() as { id: number };
	db.close();
	expect(signal && avo).toBeTruthy();
	const label = `LEK${Math.random().toString(36).slice(2, 7).toUpperCase()}-uitzendbureau`;

	// The AVO chair makes a perpetrator case from the signal, on the AVO only.
	const chair = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(chair, `/cases/new?signaal=${signal.id}`);
	const res = await postForm(chair, app, `/cases/new?signaal=${signal.id}`, {
		signalId: String(signal.id),
		kind: 'perpetrator',
		subjectMode: 'new',
		subjectKind: 'organisation',
		subjectLabel: label,
		forms: 'labour',
		tableIds: String(avo.id),
		ownerId: '',
		caseLeadId: '',
		processLeadId: ''
	});
	expect(res.status(), await res.text().then((t) => t.slice(0, 300))).toBe(303);
	const caseId = Number(/\/cases\/(\d+)/.exec(res.headers()['location'] ?? '')?.[1]);
	expect(caseId).toBeGreaterThan(0);
	const check = openDatabase(app, { readonly: true });
	const reference = (
		check.prepare('select reference from case_file where id = ?').get(caseId) as { reference: string }
	).reference;
	const rules = designedAccess(check);
	check.close();
	await gotoReady(chair, `/signals/${signal.id}`);
	await expect(chair.getByTestId('signal-cases').getByRole('link', { name: reference })).toBeVisible();

	// Coordinators of the same municipality who are not on the AVO see the signal, not the case.
	for (const who of ['coordinator.zorg', 'procesregisseur.zvh'] as const) {
		const user = rules.users.get(emailOf(who))!;
		expect(rules.compartments(user.id, caseId).size, `${who} does not reach the AVO case`).toBe(0);
		const page = await loginAs(browser, app, who);
		const html = await getText(page, `/signals/${signal.id}`);
		const data = await getText(page, dataUrl(`/signals/${signal.id}`));
		expect(html.status).toBe(200);
		for (const text of [reference, label]) {
			expect(
				contains(html.text, text),
				`/signals/${signal.id} shows "${text}" to ${who}: …${around(html.text, text)}…`
			).toBe(false);
			expect(
				contains(data.text, text),
				`${dataUrl(`/signals/${signal.id}`)} carries "${text}" to ${who}: …${around(data.text, text)}…`
			).toBe(false);
		}
	}
});

test('the zorg member’s “Mijn acties” never lists an action of a veiligheid plan', async ({
	browser,
	app
}) => {
	test.slow(); // two sign-ins and a crafted client
	// The crawl test appends markers to the subjects' labels: match the start.
	const byLabel = (label: string) =>
		queryOne<{ id: number }>(
			app,
			"select c.id from case_file c join subject s on s.id = c.subject_id where c.kind = 'victim' and (s.label = ? or s.label like ?)",
			label,
			`${label} LEK%`
		);
	const anna = byLabel('A.K.');
	const bogdan = byLabel('B.P.');
	const noor = userOf(app, 'zorg');
	const t = Math.random().toString(36).slice(2, 7).toUpperCase();
	const throughDocument = `LEK${t}-veiligheid-actie-voor-zorg-X`;
	const inProjection = `LEK${t}-veiligheid-rij-voor-zorg-X`;
	{
		const db = openDatabase(app, { readonly: true });
		const rules = designedAccess(db);
		db.close();
		for (const c of [anna.id, bogdan.id])
			expect(rules.compartments(noor.id, c)).toEqual(new Set(['shared', 'zorg']));
	}

	// Defence in depth: even a projected row that names the zorg member as owner of a veiligheid
	// action stays out of sight. Written first, while no document is open (a write from another
	// process during compaction takes the server down: plans.spec.ts, last test), into a case whose
	// veiligheid plan this test does not open (the next change there would mark the row removed).
	// Not cleaned up for the same reason; keep this test last in the file.
	const db = openDatabase(app);
	const now = Date.now();
	db.prepare(
		`insert into case_action (id, case_id, compartment, position, title, owner_id, due_date, status, reason,
		 origin_kind, origin_id, created_at, created_by, updated_at, updated_by, removed_at)
		 values (?, ?, 'veiligheid', 999, ?, ?, null, 'open', null, null, null, ?, null, ?, null, null)`
	).run(`e2e-${t}`, bogdan.id, inProjection, noor.id, now, now);
	db.close();

	// The veiligheid member assigns an action of the veiligheid plan to the zorg member: the server
	// repairs the owner (the zorg member may not see that plan).
	const ruben = await loginAs(browser, app, 'veiligheid');
	const client = openCollabDoc(app, await sessionCookie(ruben), planDocName(anna.id, 'veiligheid'));
	expect(await client.outcome).toBe('synced');
	const id = crypto.randomUUID();
	pushAction(client.doc, {
		id,
		title: throughDocument,
		ownerId: noor.id,
		dueDate: null,
		status: 'open',
		reason: null
	});
	await collabSaved(client);
	await expect
		.poll(() =>
			queryOne<{ owner_id: number | null } | undefined>(
				app,
				'select owner_id from case_action where id = ?',
				id
			)
		)
		.toEqual({ owner_id: null });

	const page = await loginAs(browser, app, 'zorg');
	await gotoReady(page, '/actions');
	const table = page.getByTestId('my-actions');
	// Control: the zorg member's own actions are there (shared and zorg plans).
	await expect(table).toContainText('Intakegesprek met advocaat plannen');
	await expect(table).toContainText('Verwijzing GGZ versturen');
	const plans = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
	expect(plans.length).toBeGreaterThan(0);
	expect(plans.map((p) => p.trim()).filter((p) => p === 'veiligheid')).toEqual([]);
	const veiligheidTitles = allRows<{ title: string }>(
		app,
		"select title from case_action where compartment = 'veiligheid'"
	).map((r) => r.title);
	expect(veiligheidTitles).toEqual(
		expect.arrayContaining([throughDocument, inProjection, 'Risicotaxatie woonadres opvang'])
	);
	for (const url of [
		'/actions',
		dataUrl('/actions'),
		`/cases/${anna.id}`,
		dataUrl(`/cases/${anna.id}`),
		`/cases/${anna.id}/actions.csv`,
		`/cases/${bogdan.id}/actions.csv`
	]) {
		const { status, text } = await getText(page, url);
		expect(status, url).toBe(200);
		for (const title of veiligheidTitles)
			expect(text, `${url} must not show the veiligheid action "${title}"`).not.toContain(title);
	}
});
