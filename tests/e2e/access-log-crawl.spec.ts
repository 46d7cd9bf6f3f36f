/**
 * Every view of case content is in the access log (DESIGN.md §3.6, issue 13 "Views without a log
 * entry" and "A test crawls every page as every demo account and asserts that each response
 * containing case content added a log row").
 *
 * Every demo account signs in with a plain HTTP session (no browser) and discovers the pages it
 * can reach: `/`, the top-level pages and exports of DESIGN.md §5, and every same-origin link found
 * in the answers (bounded per account and per route pattern; never sign-out, form actions or
 * assets). Each page is also fetched as its `__data.json`. The requests of one account run one at
 * a time (the accounts in parallel), so every access-log row of that user written between sending
 * a request and reading its answer belongs to that request.
 *
 * Pages and files of an object that are linked only in some states (a meeting's projector,
 * minutes, PDF and invitation; a case's action export) are fetched for every meeting and case found.
 *
 * A response holds case content when it contains a reference of a case in the database, the label
 * of a subject of a case, the title of an action, the text of a decision or the "what was seen" of
 * a signal (as stored, HTML- or JSON-escaped; long texts by their first 40 characters; PDFs by the
 * text they draw). For each such response the test asserts that the request added an access-log
 * row for the user with action `view`, `export` or `search` — for a page of one object
 * (`/cases/7`, `/meetings/3/minutes`, `/escalations/2`, `/signals/5`, …) a row about that object.
 * Every row a request added (of any action) must carry a client address and a time within the
 * request's window, and all rows of one request the same time: the request's (`locals.now`), not
 * the wall clock at the moment of writing (issue 13, item 3).
 *
 * Every request is listed in the `crawl.txt` attachment with the content it showed and the rows it
 * added.
 *
 * The expected facts come from the database, not from the app's policy or log module.
 */
import { writeFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import type Database from 'better-sqlite3';
import {
	DEMO_ACCOUNT_NAMES,
	DEMO_PASSWORD,
	SESSION_COOKIE,
	dataUrl,
	emailOf,
	expect,
	openDatabase,
	pdfText,
	test,
	type AppServer,
	type DemoAccount
} from './fixtures';

// A trace of some fifteen hundred requests is no help (the crawl.txt attachment is), and another
// run emptying test-results/e2e-artifacts under a recording trace fails the dispose of the contexts.
test.use({ trace: 'off' });

/** Distinct URLs (without their __data.json) per account. */
const MAX_URLS = 150;
/** URLs per route pattern (`/cases/:id`, `/signals?filter=…`), so one long list cannot use up the bound. */
const PER_PATTERN = 15;
/** Accounts crawling at the same time (each one sequentially). */
const PARALLEL_ACCOUNTS = 3;
/** Slack around the request's window for the row's time (ms). */
const CLOCK_SLACK_MS = 2_000;

/** `/`, the top-level pages of DESIGN.md §5 and §7, and the exports, linked or not. */
const START_PATHS = [
	'/',
	'/signals',
	'/cases',
	'/meetings',
	'/decisions',
	'/decisions.csv',
	'/actions',
	'/actions/board',
	'/actions/board.csv',
	'/escalations',
	'/escalations.csv',
	'/reports',
	'/tables',
	'/account',
	'/admin',
	'/audit',
	'/privacy',
	'/lookup',
	'/notifications'
];

/** Pages and files of an object, fetched whether linked or not (the projector only in live mode). */
const SUBPAGES = [
	{ of: /^\/meetings\/\d+$/, add: ['/projector', '/minutes', '/minutes.pdf', '/invite.ics'] },
	{ of: /^\/cases\/\d+$/, add: ['/actions.csv'] }
];

/** Actions that record that someone read something. */
const READ_ACTIONS = new Set(['view', 'export', 'search']);

/** The object a path is about (first segment → the object types that name it), or null for lists. */
const OBJECT_TYPES: Record<string, string[]> = {
	cases: ['case', 'case_file'],
	meetings: ['meeting', 'minutes'],
	escalations: ['escalation'],
	signals: ['signal'],
	decisions: ['decision'],
	tables: ['table', 'deliberation_table']
};

function objectOf(path: string): { types: string[]; id: string } | null {
	const match = /^\/([a-z]+)\/(\d+)(?:\/|$)/.exec(new URL(path, 'http://x').pathname);
	if (!match || !OBJECT_TYPES[match[1]]) return null;
	return { types: OBJECT_TYPES[match[1]], id: match[2] };
}

// -------------------------------------------------------------------------------------------------
// Case content, from the database

interface Needle {
	/** What it is, for the report: `reference S-2026-0001`, `action "…"`. */
	what: string;
	/** The forms it can take in a body: as stored, HTML-escaped, JSON-escaped. */
	variants: string[];
	/** Short texts (a label like "C.") count only between delimiters, not inside other text. */
	strict: boolean;
}

const htmlEscape = (s: string) =>
	s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1).replace(/</g, '\\u003C');

function needle(what: string, text: string, options: { prefix?: boolean } = {}): Needle | null {
	let t = text.replace(/\s+/g, ' ').trim();
	if (options.prefix && t.length > 40) t = t.slice(0, 40).replace(/\s+\S*$/, '');
	if (t.length < 2) return null;
	const variants = [...new Set([t, htmlEscape(t), htmlEscape(t).replace(/&#39;/g, '&#x27;'), jsonEscape(t)])];
	return { what, variants, strict: t.length < 4 };
}

function caseContent(db: Database.Database): Needle[] {
	const out: Needle[] = [];
	const push = (n: Needle | null) => n && out.push(n);
	for (const { reference } of db.prepare('select reference from case_file').all() as Array<{
		reference: string;
	}>)
		push(needle(`reference ${reference}`, reference));
	for (const { label } of db
		.prepare('select distinct s.label from subject s join case_file c on c.subject_id = s.id')
		.all() as Array<{ label: string }>)
		push(needle(`subject "${label}"`, label));
	for (const { title } of db
		.prepare('select distinct title from case_action where removed_at is null')
		.all() as Array<{ title: string }>)
		push(needle(`action "${title}"`, title, { prefix: true }));
	for (const { text } of db.prepare('select distinct text from decision').all() as Array<{ text: string }>)
		push(needle(`decision "${text.slice(0, 40)}…"`, text, { prefix: true }));
	for (const { description } of db
		.prepare('select distinct description from signal where description is not null')
		.all() as Array<{ description: string }>)
		push(needle(`signal "${description.slice(0, 40)}…"`, description, { prefix: true }));
	return out;
}

const WORD = /[\p{L}\p{N}]/u;
const OPEN = new Set(['>', '"', ' ', '\n', '\r', '\t', '(', ';', ',', '[']);
const CLOSE = new Set(['<', '"', ' ', '\n', '\r', '\t', ')', ';', ',', ']', '\\']);

/** Whether the body contains the text as a whole (a reference not followed by another digit). */
function occurs(body: string, n: Needle): boolean {
	for (const v of n.variants) {
		for (let at = body.indexOf(v); at >= 0; at = body.indexOf(v, at + 1)) {
			const before = body.charAt(at - 1);
			const after = body.charAt(at + v.length);
			if (n.strict) {
				if ((at === 0 || OPEN.has(before)) && (after === '' || CLOSE.has(after))) return true;
			} else if (!WORD.test(before) && before !== '.' && !(WORD.test(after) && WORD.test(v.slice(-1)))) {
				return true;
			}
		}
	}
	return false;
}

// -------------------------------------------------------------------------------------------------
// Crawling

/** A session as a demo account without a browser (the sign-in form, like a browser without JS). */
async function session(
	playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
	app: AppServer,
	who: DemoAccount
): Promise<APIRequestContext> {
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
	return request;
}

/** The route pattern of a path, for the per-pattern bound: ids → `:id`, query values dropped. */
function patternOf(path: string): string {
	const url = new URL(path, 'http://x');
	const keys = [...new Set(url.searchParams.keys())].sort().join('&');
	return (
		url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/[A-Za-z0-9_-]{20,}(?=\.|\/|$)/g, '/:token') +
		(keys ? `?${keys}` : '')
	);
}

/** Same-origin links and redirect targets worth following: no sign-out, form actions or assets. */
function followable(raw: string, base: URL): string | null {
	raw = raw.replace(/&amp;/g, '&');
	if (!raw || raw.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(raw)) return null;
	let url: URL;
	try {
		url = new URL(raw, base);
	} catch {
		return null;
	}
	if (url.origin !== base.origin) return null;
	const p = url.pathname;
	if (p.startsWith('/_app/') || p === '/logout' || p.startsWith('/logout/') || p.startsWith('/login'))
		return null;
	if (p === '/collab' || p === '/healthz' || p.endsWith('/__data.json')) return null;
	if (/\.(css|js|mjs|map|png|jpe?g|gif|svg|ico|woff2?|webmanifest|json|txt|xml)$/i.test(p)) return null;
	if (url.search.startsWith('?/')) return null; // a form action
	return p + url.search;
}

function linksOf(body: string, base: URL): string[] {
	const out: string[] = [];
	for (const m of body.matchAll(/\bhref="([^"]*)"/g)) {
		const link = followable(m[1], base);
		if (link) out.push(link);
	}
	return out;
}

interface LogRow {
	id: number;
	at: number;
	action: string;
	object_type: string;
	object_id: string | null;
	client_address: string | null;
}

interface Finding {
	who: DemoAccount;
	url: string;
	/** The case content found. */
	content: string[];
	/** The access-log rows of the user the request added. */
	rows: LogRow[];
}

interface AccountResult {
	who: DemoAccount;
	fetched: number;
	/** Every request: `status url [content] [rows]`, for the attachment. */
	trail: string[];
	withContent: Finding[];
	/** Rows (of any request) without client address or not at the request's time. */
	badRows: Array<{ who: DemoAccount; url: string; text: string; kind: string }>;
	serverErrors: string[];
	lostSession: string[];
	/** Links left out by the bounds, by route pattern. */
	capped: Map<string, number>;
}

async function crawlAs(
	request: APIRequestContext,
	who: DemoAccount,
	userId: number,
	db: Database.Database,
	needles: Needle[],
	baseURL: string
): Promise<AccountResult> {
	const maxId = db.prepare('select coalesce(max(id), 0) as n from access_log where user_id = ?');
	const rowsAfter = db.prepare(
		'select id, at, action, object_type, object_id, client_address from access_log where user_id = ? and id > ? order by id'
	);
	const result: AccountResult = {
		who,
		fetched: 0,
		trail: [],
		withContent: [],
		badRows: [],
		serverErrors: [],
		lostSession: [],
		capped: new Map()
	};
	const seen = new Set<string>();
	const leftOut = new Set<string>();
	const perPattern = new Map<string, number>();
	const queue: string[] = [];
	const enqueue = (path: string, force = false) => {
		if (seen.has(path)) return;
		const pattern = patternOf(path);
		if (!force && (seen.size >= MAX_URLS || (perPattern.get(pattern) ?? 0) >= PER_PATTERN)) {
			if (!leftOut.has(path)) result.capped.set(pattern, (result.capped.get(pattern) ?? 0) + 1);
			leftOut.add(path);
			return;
		}
		seen.add(path);
		perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
		queue.push(path);
		// The files and views of an object that are linked only in some states (live mode, closed).
		for (const sub of SUBPAGES) {
			const m = sub.of.exec(path);
			if (m) for (const tail of sub.add) enqueue(`${m[0]}${tail}`);
		}
	};
	for (const p of START_PATHS) enqueue(p, true);

	/** One GET, checked against the log; returns status, content type and body. */
	const fetchChecked = async (url: string) => {
		const before = (maxId.get(userId) as { n: number }).n;
		const t0 = Date.now();
		const res = await request.get(url, { failOnStatusCode: false, maxRedirects: 0 });
		const type = res.headers()['content-type'] ?? '';
		const bytes = await res.body();
		const t1 = Date.now();
		let rows = rowsAfter.all(userId, before) as LogRow[];
		result.fetched++;
		const status = res.status();
		const body = type.startsWith('application/pdf')
			? pdfText(bytes).replace(/-\n/g, '-').replace(/\s+/g, ' ')
			: bytes.toString('utf8');
		const content = status < 300 ? needles.filter((n) => occurs(body, n)).map((n) => n.what) : [];
		if (content.length > 0 && !rows.some((r) => READ_ACTIONS.has(r.action))) {
			// A row written just after the answer went out still belongs to this request.
			await new Promise((r) => setTimeout(r, 50));
			rows = rowsAfter.all(userId, before) as LogRow[];
		}
		if (status >= 500) result.serverErrors.push(`${url}: ${status}`);
		const location = res.headers()['location'];
		if (location && new URL(location, baseURL).pathname.startsWith('/login')) result.lostSession.push(url);
		for (const r of rows) {
			const problems: string[] = [];
			if (!r.client_address) problems.push('no client address');
			if (!(r.at >= t0 - CLOCK_SLACK_MS && r.at <= t1 + CLOCK_SLACK_MS))
				problems.push(
					`at ${new Date(r.at).toISOString()} outside ${new Date(t0).toISOString()}–${new Date(t1).toISOString()}`
				);
			// Every row of one request is stamped with the request's time (`locals.now`), not the wall clock.
			if (r.at !== rows[0].at) problems.push(`at ${r.at - rows[0].at} ms after the request's first row`);
			if (problems.length)
				result.badRows.push({
					who,
					url,
					text: `row ${r.id} (${r.action} ${r.object_type} ${r.object_id ?? '-'}): ${problems.join(', ')}`,
					kind: `${r.action} ${r.object_type}: ${problems.map((x) => x.replace(/^at .*/, 'other time')).join(', ')}`
				});
		}
		if (content.length > 0) result.withContent.push({ who, url, content, rows });
		result.trail.push(
			`${status} ${url}${content.length ? ` [shows ${content.slice(0, 4).join(', ')}${content.length > 4 ? ` +${content.length - 4}` : ''}]` : ''}${rows.length ? ` [${rows.map((r) => `${r.action} ${r.object_type} ${r.object_id ?? '-'}`).join(', ')}]` : ''}`
		);
		return { status, type, body, location };
	};

	for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
		const page = await fetchChecked(path);
		const base = new URL(path, baseURL);
		if (page.location) {
			const target = followable(page.location, base);
			if (target) enqueue(target);
			continue;
		}
		if (page.status !== 200 || !page.type.startsWith('text/html')) continue;
		for (const link of linksOf(page.body, base)) enqueue(link);
		await fetchChecked(dataUrl(path));
	}
	return result;
}

/** Why a response with case content is not accounted for in the log, or null when it is. */
function missingLog(f: Finding): string | null {
	const reads = f.rows.filter((r) => READ_ACTIONS.has(r.action));
	if (reads.length === 0) {
		const other = f.rows.length
			? `; other rows: ${f.rows.map((r) => `${r.action} ${r.object_type}`).join(', ')}`
			: '';
		return `no view/export/search row${other}`;
	}
	const page = f.url.replace(/\/__data\.json(?=\?|$)/, '') || '/';
	const object = objectOf(page);
	if (object && !reads.some((r) => r.object_id === object.id && object.types.includes(r.object_type)))
		return `logged, but not as ${object.types[0]} ${object.id} (rows: ${reads
			.map((r) => `${r.action} ${r.object_type} ${r.object_id ?? '-'}`)
			.join(', ')})`;
	return null;
}

/** `  /route: account, account` for a list of findings, by route pattern (a page with its __data.json). */
function byRoute(findings: Array<{ who: DemoAccount; url: string; kind?: string }>): string {
	const routes = new Map<string, Set<string>>();
	for (const { who, url, kind } of findings) {
		const route = patternOf(url.replace(/\/__data\.json(?=\?|$)/, '') || '/') + (kind ? ` — ${kind}` : '');
		routes.set(route, (routes.get(route) ?? new Set()).add(who));
	}
	return [...routes].map(([route, who]) => `  ${route}: ${[...who].join(', ')}`).join('\n');
}

test('every response that shows case content adds an access-log row for the reader', async ({
	app,
	playwright
}) => {
	test.setTimeout(240_000); // twelve sign-ins and some fifteen hundred requests on two cores
	const started = Date.now();
	const db = openDatabase(app, { readonly: true });
	try {
		const needles = caseContent(db);
		expect(needles.filter((n) => n.what.startsWith('reference')).length, 'demo cases').toBeGreaterThan(5);
		const userIds = new Map<DemoAccount, number>();
		for (const who of DEMO_ACCOUNT_NAMES) {
			const row = db.prepare('select id from user where email = ?').get(emailOf(who)) as
				{ id: number } | undefined;
			expect(row, `demo account ${who}`).toBeTruthy();
			userIds.set(who, row!.id);
		}

		const results: AccountResult[] = [];
		const accounts = [...DEMO_ACCOUNT_NAMES];
		const worker = async () => {
			for (let who = accounts.shift(); who !== undefined; who = accounts.shift()) {
				const request = await session(playwright, app, who);
				try {
					results.push(await crawlAs(request, who, userIds.get(who)!, db, needles, app.baseURL));
				} finally {
					await request.dispose();
				}
			}
		};
		await Promise.all(Array.from({ length: PARALLEL_ACCOUNTS }, worker));
		results.sort((a, b) => DEMO_ACCOUNT_NAMES.indexOf(a.who) - DEMO_ACCOUNT_NAMES.indexOf(b.who));

		const missing: Array<{ who: DemoAccount; url: string; text: string }> = [];
		for (const r of results)
			for (const f of r.withContent) {
				const why = missingLog(f);
				const shows = `${f.content.slice(0, 3).join(', ')}${f.content.length > 3 ? ` (+${f.content.length - 3})` : ''}`;
				if (why) missing.push({ who: f.who, url: f.url, text: `${why}; shows ${shows}` });
			}
		const summary = results.map(
			(r) =>
				`${r.who}: ${r.fetched} requests, ${r.withContent.length} with case content${
					r.capped.size
						? `; left out by the bounds: ${[...r.capped].map(([p, n]) => `${p} ×${n}`).join(', ')}`
						: ''
				}`
		);
		const seconds = Math.round((Date.now() - started) / 1000);
		test.info().annotations.push({ type: 'crawl', description: `${summary.join('; ')}; ${seconds} s` });
		const trail = test.info().outputPath('crawl.txt');
		writeFileSync(trail, results.map((r) => `# ${r.who}\n${r.trail.join('\n')}\n`).join('\n'));
		await test.info().attach('crawl.txt', { path: trail, contentType: 'text/plain' });
		console.log(`access-log crawl (${seconds} s):\n  ${summary.join('\n  ')}`);

		// The crawl can tell: it found case content, and did not lose its sessions.
		expect(
			results.reduce((n, r) => n + r.withContent.length, 0),
			'responses with case content'
		).toBeGreaterThan(20);
		expect
			.soft(
				results.flatMap((r) => r.lostSession),
				'requests sent to the sign-in page'
			)
			.toEqual([]);
		expect
			.soft(
				results.flatMap((r) => r.serverErrors),
				'server errors during the crawl'
			)
			.toEqual([]);

		expect
			.soft(
				missing.length,
				`${missing.length} responses with case content added no access-log row for the reader.\n\n` +
					`By route (page, __data.json, file):\n${byRoute(missing)}\n\n` +
					`Account URL — why; what it showed:\n${missing.map((x) => `${x.who} ${x.url} — ${x.text}`).join('\n')}\n`
			)
			.toBe(0);
		const badRows = results.flatMap((r) => r.badRows);
		expect
			.soft(
				badRows.length,
				`${badRows.length} access-log rows without a client address or not stamped with the request's time.\n\n` +
					`By route:\n${byRoute(badRows)}\n\n` +
					`Account URL row (action object): problem:\n${badRows.map((x) => `${x.who} ${x.url} ${x.text}`).join('\n')}\n`
			)
			.toBe(0);
	} finally {
		db.close();
	}
});
