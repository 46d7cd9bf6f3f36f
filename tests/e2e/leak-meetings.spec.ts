/**
 * The leak test of DESIGN.md §6, extended to meetings, decisions, live documents, minutes and
 * escalations (issues 7–9). Unique markers are planted straight into the spec's database (and into
 * collaboration documents the way the server stores them), today's Zorgtafel meeting is started,
 * and then every demo account fetches every meeting surface — agendas, the projector view,
 * minutes and their PDF, calendar files (invitation and personal feed), the decision list and its
 * CSV, the escalation board, its CSV and every escalation, the reports, the cases' pages and action
 * exports — and opens every live meeting document and every per-item compartment note document
 * over the WebSocket. Each marker must appear for exactly the accounts the design allows, never
 * elsewhere and always for those allowed (so the test can fail both ways); documents must open
 * exactly where the design allows.
 *
 * The expected visibility is derived here from DESIGN.md §3 (and the issues' wording of it), from
 * the facts in the database — not by asking the app's policy module:
 * - case content by compartment: `designedAccess` (fixtures.ts), as in the main leak test;
 * - table content (§3.3: agenda items, places, meeting notes, decisions, escalation details) only
 *   through the table: active members of the table; a draft agenda only for its planners (chair,
 *   secretary, coordinators at the table — issue 7);
 * - notes of an agenda item in compartment C (issue 8): members of the table who see C there —
 *   `shared`, or C in the table's policy for their domain — and, for a case item, who see C of
 *   that case; open while the meeting runs and until the minutes are approved, read-only after;
 * - the live document `meeting:<id>`: members of the table (shared content only), steered by the
 *   chair or secretary while the meeting runs;
 * - an escalation (issue 9): members of a table on its route — RIEC: the AVO and Stuurtafel; ZVH:
 *   the ZVH and the table that escalated — who reach the case; the decision a step came from is
 *   part of that step;
 * - calendar files carry no case content at all, the reports no names and no free text, the
 *   projector never a compartment, the live document never a compartment.
 */
import type { APIRequestContext } from '@playwright/test';
import {
	DEMO_ACCOUNT_NAMES,
	DEMO_PASSWORD,
	SESSION_COOKIE,
	Y,
	dataUrl,
	designedAccess,
	emailOf,
	expect,
	openCollabDoc,
	openDatabase,
	pdfText,
	test,
	type AppServer,
	type Compartment,
	type DemoAccount,
	type DesignedAccess
} from './fixtures';

const PARALLEL = 6;

type Kind =
	| 'reference'
	| 'label'
	| 'case-compartment'
	| 'decision'
	| 'item-title'
	| 'place'
	| 'escalation-note'
	| 'item-notes'
	| 'live-doc'
	| 'meeting-action';

interface Marker {
	text: string;
	kind: Kind;
	/** The compartment of case content (notes, actions, case fields); null for table content. */
	compartment: Compartment | null;
	where: string;
	/** Whether an account may see it (DESIGN.md §3, below). */
	allowed(who: DemoAccount): boolean;
}

// -------------------------------------------------------------------------------------------------
// The design's rules, from the facts in the database

interface Facts {
	rules: DesignedAccess;
	userId: Map<DemoAccount, number>;
	domain: Map<number, 'zorg' | 'veiligheid'>;
	roles: Map<number, string[]>;
	/** Active (confirmed, not ended) memberships: user → table → role. */
	memberships: Map<number, Map<number, string>>;
	tableKind: Map<number, string>;
	policy: Map<number, Record<'zorg' | 'veiligheid', Compartment[]>>;
	meetings: Array<{ id: number; tableId: number; status: string }>;
	items: Array<{
		id: number;
		meetingId: number;
		kind: 'case' | 'general';
		caseId: number | null;
		title: string | null;
	}>;
	escalations: Array<{ id: number; caseId: number; target: 'riec' | 'zvh'; fromTableId: number | null }>;
	steps: Array<{ id: number; escalationId: number; decisionId: number | null }>;
	decisions: Array<{ id: number; tableId: number; meetingId: number; caseId: number | null }>;
}

function readFacts(app: AppServer): Facts {
	const db = openDatabase(app, { readonly: true });
	try {
		const rules = designedAccess(db);
		const userId = new Map<DemoAccount, number>();
		for (const who of DEMO_ACCOUNT_NAMES) userId.set(who, rules.users.get(emailOf(who))!.id);
		const domain = new Map<number, 'zorg' | 'veiligheid'>();
		const roles = new Map<number, string[]>();
		for (const u of rules.users.values()) {
			domain.set(u.id, u.domain);
			roles.set(u.id, u.roles);
		}
		const memberships = new Map<number, Map<number, string>>();
		for (const ms of db
			.prepare("select user_id, table_id, role from membership where status = 'active' and ended_at is null")
			.all() as Array<{ user_id: number; table_id: number; role: string }>) {
			if (!memberships.has(ms.user_id)) memberships.set(ms.user_id, new Map());
			memberships.get(ms.user_id)!.set(ms.table_id, ms.role);
		}
		const tableKind = new Map<number, string>();
		const policy = new Map<number, Record<'zorg' | 'veiligheid', Compartment[]>>();
		for (const t of db.prepare('select id, kind, compartment_policy from deliberation_table').all() as Array<{
			id: number;
			kind: string;
			compartment_policy: string;
		}>) {
			tableKind.set(t.id, t.kind);
			policy.set(t.id, JSON.parse(t.compartment_policy) as Record<'zorg' | 'veiligheid', Compartment[]>);
		}
		return {
			rules,
			userId,
			domain,
			roles,
			memberships,
			tableKind,
			policy,
			meetings: db
				.prepare('select id, table_id as tableId, status from meeting order by id')
				.all() as Facts['meetings'],
			items: db
				.prepare(
					'select id, meeting_id as meetingId, kind, case_id as caseId, title from agenda_item order by id'
				)
				.all() as Facts['items'],
			escalations: db
				.prepare(
					'select id, case_id as caseId, target, from_table_id as fromTableId from escalation order by id'
				)
				.all() as Facts['escalations'],
			steps: db
				.prepare(
					'select id, escalation_id as escalationId, decision_id as decisionId from escalation_step order by id'
				)
				.all() as Facts['steps'],
			decisions: db
				.prepare(
					'select id, table_id as tableId, meeting_id as meetingId, case_id as caseId from decision order by id'
				)
				.all() as Facts['decisions']
		};
	} finally {
		db.close();
	}
}

/** The design's answers, for one set of facts. */
function designed(f: Facts) {
	const uid = (who: DemoAccount) => f.userId.get(who)!;
	const guardian = (who: DemoAccount) => {
		const roles = f.roles.get(uid(who)) ?? [];
		return roles.includes('admin') || roles.includes('auditor');
	};
	const roleAt = (who: DemoAccount, tableId: number) =>
		guardian(who) ? undefined : f.memberships.get(uid(who))?.get(tableId);
	const member = (who: DemoAccount, tableId: number) => roleAt(who, tableId) !== undefined;
	/** Planners of a table (issue 7): its chair or secretary, or a coordinator who is a member. */
	const planner = (who: DemoAccount, tableId: number) => {
		const role = roleAt(who, tableId);
		return (
			role === 'chair' ||
			role === 'secretary' ||
			(role !== undefined && (f.roles.get(uid(who)) ?? []).includes('coordinator'))
		);
	};
	const steers = (who: DemoAccount, tableId: number) =>
		['chair', 'secretary'].includes(roleAt(who, tableId) ?? '');
	const sees = (who: DemoAccount, caseId: number, c: Compartment) =>
		f.rules.compartments(uid(who), caseId).has(c);
	const reaches = (who: DemoAccount, caseId: number) => sees(who, caseId, 'shared');
	const meeting = (id: number) => f.meetings.find((x) => x.id === id)!;
	/** A meeting and its agenda: members of the table; a draft only for its planners. */
	const seesMeeting = (who: DemoAccount, meetingId: number) => {
		const m = meeting(meetingId);
		return member(who, m.tableId) && (m.status !== 'draft' || planner(who, m.tableId));
	};
	/** Notes of an agenda item in a compartment: who sees that compartment at this table (and of this case). */
	const seesNotes = (who: DemoAccount, itemId: number, c: Compartment) => {
		const item = f.items.find((i) => i.id === itemId)!;
		const m = meeting(item.meetingId);
		if (!seesMeeting(who, m.id)) return false;
		if (c !== 'shared' && !(f.policy.get(m.tableId)?.[f.domain.get(uid(who))!] ?? []).includes(c))
			return false;
		return item.caseId === null || sees(who, item.caseId, c);
	};
	const routeTables = (e: Facts['escalations'][number]) =>
		e.target === 'riec'
			? [...f.tableKind].filter(([, kind]) => kind === 'avo' || kind === 'stuurtafel').map(([id]) => id)
			: [
					...[...f.tableKind].filter(([, kind]) => kind === 'zvh').map(([id]) => id),
					...(e.fromTableId ? [e.fromTableId] : [])
				];
	const seesEscalation = (who: DemoAccount, escalationId: number) => {
		const e = f.escalations.find((x) => x.id === escalationId)!;
		return routeTables(e).some((t) => member(who, t)) && reaches(who, e.caseId);
	};
	/**
	 * A decision: only through its own table (DESIGN.md §3.3, §3.8 "a decision cited by an
	 * escalation step"), also where a visible escalation step cites it (issue 13, finding 2).
	 */
	const seesDecision = (who: DemoAccount, decisionId: number) => {
		const d = f.decisions.find((x) => x.id === decisionId)!;
		return member(who, d.tableId);
	};
	return {
		uid,
		member,
		planner,
		steers,
		sees,
		reaches,
		meeting,
		seesMeeting,
		seesNotes,
		seesEscalation,
		seesDecision
	};
}

// -------------------------------------------------------------------------------------------------
// Planting

const itemDocName = (meetingId: number, itemId: number, c: Compartment) =>
	`meeting:${meetingId}:item:${itemId}:${c}`;
const planPart = (c: Compartment) => (c === 'shared' ? 'plan' : c);

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

/**
 * Writes every marker into the database, while no collaboration document is open on the server
 * (a write from another process while the server compacts a document takes it down: leak.spec.ts).
 */
function plant(app: AppServer, run: string, f: Facts, startedMeetingId: number): Marker[] {
	const d = designed(f);
	const markers: Marker[] = [];
	const mark = (kind: Kind, compartment: Compartment | null, where: string, allowed: Marker['allowed']) => {
		const text = `LEK${run}-${where.replace(/[^a-z0-9]+/gi, '-')}-X`;
		markers.push({ text, kind, compartment, where, allowed });
		return text;
	};
	const db = openDatabase(app);
	const now = Date.now();
	try {
		db.transaction(() => {
			// Case content: references, subjects' labels, one field in each compartment.
			const cases = db.prepare('select id, reference, subject_id from case_file order by id').all() as Array<{
				id: number;
				reference: string;
				subject_id: number;
			}>;
			for (const c of cases) {
				markers.push({
					text: c.reference,
					kind: 'reference',
					compartment: 'shared',
					where: `c${c.id} reference`,
					allowed: (who) => d.reaches(who, c.id)
				});
				const zorg = db.prepare('update case_zorg set care_needs = ? where case_id = ?').run(
					mark('case-compartment', 'zorg', `c${c.id} care-needs`, (who) => d.sees(who, c.id, 'zorg')),
					c.id
				);
				if (zorg.changes === 0) markers.pop();
				const veiligheid = db.prepare('update case_veiligheid set police_info = ? where case_id = ?').run(
					mark('case-compartment', 'veiligheid', `c${c.id} police-info`, (who) =>
						d.sees(who, c.id, 'veiligheid')
					),
					c.id
				);
				if (veiligheid.changes === 0) markers.pop();
			}
			for (const s of db.prepare('select id, label from subject').all() as Array<{
				id: number;
				label: string;
			}>) {
				const ids = cases.filter((c) => c.subject_id === s.id).map((c) => c.id);
				if (ids.length === 0) continue;
				const text = mark('label', 'shared', `s${s.id} label`, (who) => ids.some((id) => d.reaches(who, id)));
				db.prepare('update subject set label = ? where id = ?').run(`${s.label} ${text}`, s.id);
			}

			// A decision about every escalated case at every other table it is on that has a meeting,
			// so an escalation page cannot show decisions of tables the viewer is not on.
			const insertDecision = db.prepare(
				`insert into decision (meeting_id, agenda_item_id, table_id, case_id, kind, text, follow_up_owner_id, follow_up_date, status, created_by, created_at)
				 values (?, null, ?, ?, 'other', ?, null, null, 'open', ?, ?)`
			);
			const chairOf = (tableId: number) =>
				(
					db.prepare("select user_id from membership where table_id = ? and role = 'chair'").get(tableId) as {
						user_id: number;
					}
				).user_id;
			for (const e of f.escalations) {
				for (const { table_id: tableId } of db
					.prepare('select table_id from case_table where case_id = ?')
					.all(e.caseId) as Array<{
					table_id: number;
				}>) {
					const m = f.meetings.filter((x) => x.tableId === tableId && x.status === 'closed').at(-1);
					if (!m || f.decisions.some((x) => x.tableId === tableId && x.caseId === e.caseId)) continue;
					const id = Number(
						insertDecision.run(m.id, tableId, e.caseId, 'Besluit over de casus', chairOf(tableId), now)
							.lastInsertRowid
					);
					f.decisions.push({ id, tableId, meetingId: m.id, caseId: e.caseId });
				}
			}
			// Every escalation's latest step cites a decision about its case at another table of the
			// route or of the case (a ZVH decision cited on a route the Zorgtafel sees, say): the
			// step is visible along the route, the decision's text only at its own table.
			for (const e of f.escalations) {
				const last = f.steps.filter((x) => x.escalationId === e.id).at(-1);
				const cited = f.decisions.find((x) => x.caseId === e.caseId && x.tableId !== e.fromTableId);
				if (!last || !cited || last.decisionId !== null) continue;
				db.prepare('update escalation_step set decision_id = ? where id = ?').run(cited.id, last.id);
				last.decisionId = cited.id;
			}
			// Decisions: table content.
			for (const dec of f.decisions) {
				const text = mark('decision', null, `d${dec.id} decision`, (who) => d.seesDecision(who, dec.id));
				db.prepare("update decision set text = text || ' ' || ? where id = ?").run(text, dec.id);
			}

			// A general item on the Stuurtafel's draft agenda (planners only) and markers in every
			// general item's title and every meeting's place: table content.
			for (const m of f.meetings.filter((x) => x.status === 'draft')) {
				const id = Number(
					db
						.prepare(
							"insert into agenda_item (meeting_id, position, kind, case_id, title, presenter_id, planned_minutes, created_at) values (?, 99, 'general', null, 'Conceptpunt', null, 10, ?)"
						)
						.run(m.id, now).lastInsertRowid
				);
				f.items.push({ id, meetingId: m.id, kind: 'general', caseId: null, title: 'Conceptpunt' });
			}
			for (const item of f.items.filter((i) => i.kind === 'general')) {
				const text = mark('item-title', null, `i${item.id} title`, (who) =>
					d.seesMeeting(who, item.meetingId)
				);
				db.prepare("update agenda_item set title = title || ' ' || ? where id = ?").run(text, item.id);
			}
			for (const m of f.meetings) {
				const text = mark('place', null, `m${m.id} place`, (who) => d.seesMeeting(who, m.id));
				db.prepare("update meeting set place = coalesce(place, '') || ' ' || ? where id = ?").run(text, m.id);
			}

			// Escalation details: a note on every step.
			for (const s of f.steps) {
				const e = f.escalations.find((x) => x.id === s.escalationId)!;
				const text = mark('escalation-note', null, `e${e.id} step${s.id} note`, (who) =>
					d.seesEscalation(who, e.id)
				);
				db.prepare('update escalation_step set note = ? where id = ?').run(text, s.id);
			}

			const insertUpdate = db.prepare('insert into collab_update (document, data, at) values (?, ?, ?)');
			const write = (name: string, fill: (doc: Y.Doc) => void) => {
				const doc = new Y.Doc();
				doc.transact(() => fill(doc));
				insertUpdate.run(name, Buffer.from(Y.encodeStateAsUpdate(doc)), now);
				doc.destroy();
			};
			// Meeting notes per item and compartment, for meetings that have (had) a live part —
			// including today's, started below — and table content in every live document.
			const live = f.meetings.filter(
				(m) => m.id === startedMeetingId || ['in_progress', 'closed', 'minutes_approved'].includes(m.status)
			);
			for (const m of live) {
				for (const item of f.items.filter((i) => i.meetingId === m.id)) {
					for (const c of ['shared', 'zorg', 'veiligheid'] as const) {
						const text = mark('item-notes', c, `m${m.id} i${item.id} ${c} notes`, (who) =>
							d.seesNotes(who, item.id, c)
						);
						write(itemDocName(m.id, item.id, c), (doc) =>
							doc.getXmlFragment('notes').push([paragraph(text)])
						);
					}
				}
				const text = mark('live-doc', null, `m${m.id} live`, (who) => d.seesMeeting(who, m.id));
				write(`meeting:${m.id}`, (doc) => doc.getMap('live').set('topic', text));
			}

			// Actions agreed in the closed meetings, in every plan of every case item (the way the server
			// stores them: in the plan document, projected into case_action).
			const insertAction = db.prepare(
				`insert into case_action (id, case_id, compartment, position, title, owner_id, due_date, status, reason,
				 origin_kind, origin_id, created_at, created_by, updated_at, updated_by, removed_at)
				 values (?, ?, ?, ?, ?, null, null, 'open', null, 'meeting', ?, ?, null, ?, null, null)`
			);
			for (const m of f.meetings.filter((x) => x.status === 'closed' || x.status === 'minutes_approved')) {
				for (const item of f.items.filter((i) => i.meetingId === m.id && i.caseId !== null)) {
					for (const c of ['shared', 'zorg', 'veiligheid'] as const) {
						const caseId = item.caseId!;
						const title = mark('meeting-action', c, `m${m.id} c${caseId} ${c} action`, (who) =>
							d.sees(who, caseId, c)
						);
						const id = crypto.randomUUID();
						write(`case:${caseId}:${planPart(c)}`, (doc) => {
							const map = new Y.Map<unknown>();
							for (const [key, value] of Object.entries({
								id,
								title,
								ownerId: null,
								dueDate: null,
								status: 'open',
								reason: null,
								originKind: 'meeting',
								originId: m.id,
								createdAt: now,
								createdBy: null
							}))
								map.set(key, value);
							doc.getArray<Y.Map<unknown>>('actions').push([map]);
						});
						insertAction.run(id, caseId, c, 2000 + item.id, title, m.id, now, now);
					}
				}
			}
		})();
	} finally {
		db.close();
	}
	return markers;
}

// -------------------------------------------------------------------------------------------------
// Reading

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

/** Windows-1252 characters in 0x80–0x9f, which `pdfText` (Latin-1) gives as control characters. */
const WIN_ANSI: Record<string, string> = {
	'\x85': '…',
	'\x91': '‘',
	'\x92': '’',
	'\x93': '“',
	'\x94': '”',
	'\x95': '•',
	'\x96': '–',
	'\x97': '—'
};

/** A PDF's text as one line: lines that pdfkit wrapped (after a space or a hyphen) joined again. */
function pdfBody(bytes: Buffer): string {
	return pdfText(bytes)
		.replace(/[\x80-\x9f]/g, (c) => WIN_ANSI[c] ?? c)
		.replace(/-\n/g, '-')
		.replace(/\s+/g, ' ');
}

interface Fetched {
	path: string;
	status: number;
	type: 'page' | 'data' | 'csv' | 'pdf' | 'ics' | 'feed' | 'doc';
	body: string;
}

/**
 * A session as a demo account without a browser: the sign-in form posted like a browser without
 * JavaScript would (same Origin), the cookie kept by the request context. Much lighter than a
 * browser context per account on a busy machine; what the server answers is the same.
 */
async function session(
	playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
	app: AppServer,
	who: DemoAccount
): Promise<{ request: APIRequestContext; cookie: string }> {
	const request = await playwright.request.newContext({ baseURL: app.baseURL });
	const res = await request.post('/login', {
		form: { email: emailOf(who), password: DEMO_PASSWORD },
		headers: { Origin: app.baseURL, Accept: 'text/html' },
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(res.status(), `${who} signs in`).toBe(303);
	const cookie = (await request.storageState()).cookies.find((c) => c.name === SESSION_COOKIE);
	expect(cookie, `${who} has a session`).toBeTruthy();
	return { request, cookie: `${cookie!.name}=${cookie!.value}` };
}

/** A form post with the app's Origin, asking for HTML (real HTTP statuses). */
function post(request: APIRequestContext, app: AppServer, url: string, form: Record<string, string>) {
	return request.post(url, {
		form,
		headers: { Origin: app.baseURL, Accept: 'text/html,application/xhtml+xml' },
		maxRedirects: 0,
		failOnStatusCode: false
	});
}

/** Fetches the paths with the session, a few at a time; pages that answer 200 also as __data.json. */
async function fetchAll(request: APIRequestContext, paths: string[]): Promise<Fetched[]> {
	const out: Fetched[] = [];
	const queue = [...paths];
	const worker = async () => {
		for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
			const pathname = new URL(path, 'http://x').pathname;
			const res = await request.get(path, { failOnStatusCode: false, maxRedirects: 0 });
			const status = res.status();
			const pdf = (res.headers()['content-type'] ?? '').startsWith('application/pdf');
			const body = pdf ? pdfBody(await res.body()) : await res.text();
			const type: Fetched['type'] = pathname.endsWith('.csv')
				? 'csv'
				: pathname.endsWith('.pdf')
					? 'pdf'
					: pathname.endsWith('.ics')
						? 'ics'
						: 'page';
			out.push({ path, status, type, body });
			// A refused page's data is refused the same way (the guard runs first in every load).
			if (type === 'page' && status === 200) {
				const data = await request.get(dataUrl(path), { failOnStatusCode: false, maxRedirects: 0 });
				out.push({ path: dataUrl(path), status: data.status(), type: 'data', body: await data.text() });
			}
		}
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	return out;
}

/** Opens documents as one account: outcome, granted scope and everything the document holds. */
async function readDocs(
	app: AppServer,
	cookie: string,
	names: string[]
): Promise<Map<string, { outcome: 'synced' | 'refused'; scope?: string; text: string }>> {
	const out = new Map<string, { outcome: 'synced' | 'refused'; scope?: string; text: string }>();
	const queue = [...names];
	const worker = async () => {
		for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
			const client = openCollabDoc(app, cookie, name, { timeoutMs: 30_000 });
			try {
				const outcome = await client.outcome;
				const doc = client.doc;
				// The raw state holds every string of the document, whatever its shared types.
				const text =
					outcome === 'synced'
						? `${Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8')}\n${doc.getXmlFragment('notes').toJSON()}\n${JSON.stringify(doc.getMap('live').toJSON())}`
						: '';
				out.set(name, { outcome, scope: client.scope(), text });
			} finally {
				client.destroy();
			}
		}
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	return out;
}

// -------------------------------------------------------------------------------------------------

test('meetings, live documents, minutes, decisions and escalations show each marker to exactly the accounts the design allows', async ({
	playwright,
	app
}) => {
	test.setTimeout(600_000); // twelve accounts, some two thousand requests and a thousand documents
	const run = Math.random().toString(36).slice(2, 7).toUpperCase();

	// Everyone signs in once.
	const sessions = new Map<DemoAccount, { request: APIRequestContext; cookie: string }>();
	for (const who of DEMO_ACCOUNT_NAMES) sessions.set(who, await session(playwright, app, who));

	const before = readFacts(app);
	const zorgtafel = [...before.tableKind].find(([, kind]) => kind === 'zorgtafel')![0];
	const today = before.meetings.filter((m) => m.tableId === zorgtafel && m.status === 'published')[0];
	expect(today, 'the demo has a Zorgtafel meeting ready to start live').toBeTruthy();
	const markers = await test.step('plant markers', () => plant(app, run, before, today.id));

	// Today's meeting starts (the chair), so its live documents are open for writing. The form
	// carries the version of the meeting it was loaded with, as the page's form does.
	const versionDb = openDatabase(app, { readonly: true });
	const { version } = versionDb.prepare('select version from meeting where id = ?').get(today.id) as {
		version: number;
	};
	versionDb.close();
	const started = await post(
		sessions.get('voorzitter.zorgtafel')!.request,
		app,
		`/meetings/${today.id}?/advance`,
		{
			status: 'in_progress',
			version: String(version)
		}
	);
	expect(started.status(), 'the chair starts today’s meeting').toBe(200);

	// The facts as they are now (with the planted decisions and items; today's meeting running).
	const facts = readFacts(app);
	expect(facts.meetings.find((m) => m.id === today.id)!.status).toBe('in_progress');
	const d = designed(facts);
	const statuses = new Set(facts.meetings.map((m) => m.status));
	for (const s of ['draft', 'published', 'in_progress', 'closed', 'minutes_approved'])
		expect(statuses, `the demo has a meeting that is ${s}`).toContain(s);

	// Personal calendar feeds: made as each account, fetched without a session.
	const feeds = new Map<DemoAccount, string>();
	await test.step('calendar feeds', async () => {
		for (const who of DEMO_ACCOUNT_NAMES) {
			const res = await post(sessions.get(who)!.request, app, '/account?/feed', {});
			const token = /\/calendar\/([a-z2-7]{20,64})\.ics/.exec(await res.text())?.[1];
			expect(token, `${who} gets a calendar link`).toBeTruthy();
			// Fetched like a calendar app: no session.
			const feed = await fetch(`${app.baseURL}/calendar/${token}.ics`);
			expect(feed.status).toBe(200);
			feeds.set(who, await feed.text());
		}
	});

	const caseIds = facts.rules.caseIds;
	const paths = [
		'/',
		'/meetings',
		'/decisions',
		'/decisions.csv',
		'/escalations',
		'/escalations?afgerond=1',
		'/escalations.csv',
		'/escalations.csv?afgerond=1',
		'/reports',
		...facts.meetings.flatMap((m) => [
			`/meetings/${m.id}`,
			`/meetings/${m.id}/projector`,
			`/meetings/${m.id}/minutes`,
			`/meetings/${m.id}/minutes.pdf`,
			`/meetings/${m.id}/invite.ics`
		]),
		...facts.escalations.map((e) => `/escalations/${e.id}`),
		...caseIds.flatMap((id) => [`/cases/${id}`, `/cases/${id}/actions.csv`])
	];
	const liveDocs = facts.meetings.map((m) => `meeting:${m.id}`);
	const itemDocs = facts.items.flatMap((i) =>
		(['shared', 'zorg', 'veiligheid'] as const).map((c) => itemDocName(i.meetingId, i.id, c))
	);
	// Crafted names: an item of another meeting, a meeting that does not exist.
	const crafted = facts.meetings.map((m) =>
		itemDocName(m.id, facts.items.find((x) => x.meetingId !== m.id)!.id, 'shared')
	);
	crafted.push('meeting:999999', itemDocName(999999, facts.items[0].id, 'shared'));

	const leaks: string[] = [];
	const missing: string[] = [];
	const wrong: string[] = [];
	const summary: string[] = [];
	const pdfs = new Map<DemoAccount, string[]>();
	for (const who of DEMO_ACCOUNT_NAMES) {
		const { request, cookie } = sessions.get(who)!;
		const fetched = await test.step(`${who} fetches every meeting surface`, () => fetchAll(request, paths));
		expect(
			fetched.filter((x) => x.status >= 500).map((x) => `${x.path}: ${x.status}`),
			`server errors for ${who}`
		).toEqual([]);
		expect(
			fetched.filter((x) => x.status === 302 || x.status === 303).map((x) => x.path),
			`${who} lost the session`
		).toEqual([]);
		fetched.push({ path: `feed of ${who}`, status: 200, type: 'feed', body: feeds.get(who)! });
		pdfs.set(
			who,
			fetched.filter((x) => x.type === 'pdf' && x.status === 200).map((x) => x.body)
		);

		// Every document over the WebSocket: opens exactly where the design allows it.
		const docs = await test.step(`${who} opens every meeting document`, () =>
			readDocs(app, cookie, [...liveDocs, ...itemDocs, ...crafted]));
		for (const [name, doc] of docs) {
			const parts = name.split(':');
			const meeting = facts.meetings.find((m) => m.id === Number(parts[1]));
			let may: boolean | 'either';
			let scope: string | undefined;
			if (crafted.includes(name) || !meeting) may = false;
			else if (parts.length === 2) {
				may =
					meeting.status === 'draft'
						? d.planner(who, meeting.tableId)
							? 'either'
							: false
						: d.seesMeeting(who, meeting.id);
				scope =
					meeting.status === 'in_progress' && d.steers(who, meeting.tableId) ? 'read-write' : 'readonly';
			} else {
				const itemId = Number(parts[3]);
				const c = parts[4] as Compartment;
				const rule = d.seesNotes(who, itemId, c);
				// Before the meeting starts there are no notes yet; the design does not say whether
				// they may be opened early, only who may never open them.
				may = ['draft', 'published'].includes(meeting.status) ? (rule ? 'either' : false) : rule;
				scope = meeting.status === 'minutes_approved' ? 'readonly' : 'read-write';
			}
			const opened = doc.outcome === 'synced';
			if (may !== 'either' && opened !== may)
				wrong.push(`${who} ${doc.outcome} ${name} (designed: ${may ? 'open' : 'refused'})`);
			if (opened && may === true && doc.scope !== scope)
				wrong.push(`${who} got ${doc.scope} on ${name} (designed: ${scope})`);
			if (opened) fetched.push({ path: `collab ${name}`, status: 200, type: 'doc', body: doc.text });
		}

		let seen = 0;
		for (const marker of markers) {
			const at = fetched.filter((x) => contains(x.body, marker.text));
			const may = marker.allowed(who);
			if (at.length > 0) seen++;
			if (at.length > 0 && !may)
				leaks.push(
					`${who} sees ${marker.kind} ${marker.compartment ?? ''} marker ${marker.where} (${marker.text}) at ${at
						.slice(0, 4)
						.map((x) => x.path)
						.join(', ')}`
				);
			if (at.length === 0 && may)
				missing.push(
					`${who} should see ${marker.kind} ${marker.compartment ?? ''} marker ${marker.where} (${marker.text})`
				);
			// Surfaces that must never carry such content, whoever may see it elsewhere.
			for (const x of at) {
				const compartmentContent = marker.compartment === 'zorg' || marker.compartment === 'veiligheid';
				if ((x.type === 'ics' || x.type === 'feed') && marker.kind !== 'place')
					leaks.push(`${who}: calendar file ${x.path} carries ${marker.kind} ${marker.where}`);
				if (x.path.startsWith('/reports') || x.path.startsWith('/reports/__data'))
					leaks.push(`${who}: the reports carry ${marker.kind} ${marker.where}`);
				if (x.path.includes('/projector') && compartmentContent)
					leaks.push(`${who}: the projector view carries ${marker.compartment} content ${marker.where}`);
				if (/^collab meeting:\d+$/.test(x.path) && compartmentContent)
					leaks.push(
						`${who}: the live document ${x.path} carries ${marker.compartment} content ${marker.where}`
					);
			}
		}
		summary.push(
			`${who}: ${fetched.length} bodies, ${[...docs.values()].filter((x) => x.outcome === 'synced').length}/${docs.size} documents, ${seen}/${markers.length} markers`
		);
	}
	for (const { request } of sessions.values()) await request.dispose();
	test.info().annotations.push({ type: 'crawl', description: summary.join('; ') });
	expect(wrong, `documents opened or refused against the design:\n${wrong.join('\n')}`).toEqual([]);
	expect(leaks, `markers seen where the design forbids it:\n${leaks.join('\n')}`).toEqual([]);
	expect(missing, `markers not found where the design allows them:\n${missing.join('\n')}`).toEqual([]);

	// The minutes PDF in particular: the zorg member's never holds a veiligheid marker, and the reverse.
	const byCompartment = (c: Compartment) =>
		markers.filter((m) => m.compartment === c && m.kind !== 'reference' && m.kind !== 'label');
	for (const [who, own, other] of [
		['zorg', 'zorg', 'veiligheid'],
		['veiligheid', 'veiligheid', 'zorg']
	] as const) {
		const text = pdfs.get(who)!.join('\n');
		expect(pdfs.get(who)!.length, `${who} downloads minutes`).toBeGreaterThan(0);
		expect(
			byCompartment(other)
				.filter((m) => contains(text, m.text))
				.map((m) => m.where),
			`${who}'s minutes PDFs hold ${other} markers`
		).toEqual([]);
		expect(
			byCompartment(own).some((m) => contains(text, m.text)),
			`${who}'s minutes PDFs hold their own ${own} notes`
		).toBe(true);
	}

	// The test can tell: each kind of marker is allowed for some accounts and forbidden for others.
	for (const kind of [
		'decision',
		'item-notes',
		'escalation-note',
		'place',
		'item-title',
		'live-doc',
		'meeting-action'
	] as const) {
		const ofKind = markers.filter((m) => m.kind === kind);
		expect(
			ofKind.some((m) => DEMO_ACCOUNT_NAMES.some((who) => m.allowed(who))),
			`some ${kind} marker is allowed`
		).toBe(true);
		expect(
			ofKind.some((m) => DEMO_ACCOUNT_NAMES.some((who) => !m.allowed(who))),
			`some ${kind} marker is forbidden`
		).toBe(true);
	}
});
