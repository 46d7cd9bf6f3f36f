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
 * Later issues extend the crawl to their pages, exports, PDF, calendar files and collaboration
 * documents.
 */
import type { Page } from '@playwright/test';
import {
	DEMO_ACCOUNT_NAMES,
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
	type AppServer,
	type Compartment,
	type DemoAccount
} from './fixtures';

const MAX_PAGES = 150;
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

/** Follows links from `/` with the page's session, fetching each page and its __data.json. */
async function crawl(page: Page): Promise<Crawl> {
	const seen = new Set<string>(['/']);
	const queue = ['/'];
	const result: Crawl = { bodies: new Map(), serverErrors: [], lostSession: [] };
	const visit = async (path: string) => {
		const res = await page.request.get(path, { failOnStatusCode: false });
		const html = await res.text();
		if (res.status() >= 500) result.serverErrors.push(`${path}: ${res.status()}`);
		if (new URL(res.url()).pathname === '/login') result.lostSession.push(path);
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

	const allowed = (who: DemoAccount, marker: Marker) => {
		const user = rules.users.get(emailOf(who));
		expect(user, `demo account ${who}`).toBeTruthy();
		return marker.caseIds.some((caseId) => rules.compartments(user!.id, caseId).has(marker.compartment));
	};

	const leaks: string[] = [];
	const missing: string[] = [];
	const summary: string[] = [];
	for (const who of DEMO_ACCOUNT_NAMES) {
		const page = await loginAs(browser, app, who);
		const result = await crawl(page);
		await page.context().close();
		expect(result.serverErrors, `server errors while ${who} crawled`).toEqual([]);
		expect(result.lostSession, `${who} was sent to the sign-in page`).toEqual([]);
		expect(result.bodies.size, `${who} crawled within the bound`).toBeLessThan(MAX_PAGES);
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
