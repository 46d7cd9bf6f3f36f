/**
 * Fixtures for the browser tests.
 *
 * `app`: the built app (`node server.js`) on a free port with a fresh SQLite database. Each spec
 * FILE gets its own server and database: a worker keeps one server at a time and starts a new one
 * as soon as it runs a test from another file (Playwright runs the tests of a file in order, in
 * one worker). If a test fails, Playwright replaces the worker, so the tests after it start on a
 * fresh database too: write tests that do not depend on earlier tests, or put the file in
 * `mode: 'serial'` (then the rest is skipped after a failure).
 *
 * Helpers: `loginAs` (a signed-in page in its own browser context), `visitor` (a page without a
 * session), `expectAxeClean` (WCAG 2.1 A/AA check with axe), `gotoReady`; for crafted requests and
 * the leak test: `openDatabase`, `dataUrl`, `postForm`, `getText`; for collaboration documents
 * from the test process: `sessionCookie`, `openCollabDoc`, `readCollabDocs`, `plantPlanInDatabase`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'ketentafel-demo';
export const DEMO_DOMAIN = 'ketentafel.test';

/** The demo accounts (DESIGN.md §5 and src/lib/server/seed.ts), by the local part of the email. */
export const DEMO_ACCOUNTS = {
	beheer: 'Bram Beheer',
	fg: 'Fenna de Groot',
	melder: 'Mila Melder',
	'coordinator.veiligheid': 'Sanne Verhoeven',
	'coordinator.zorg': 'Yusuf Aydın',
	'voorzitter.zorgtafel': 'Ingrid Bakker',
	'voorzitter.stuurtafel': 'Joost van Dijk',
	zorg: 'Noor Hendriks',
	veiligheid: 'Ruben Smit',
	'procesregisseur.zvh': 'Lotte Vermeulen',
	inspecteur: 'Dirk Jansen',
	'coordinator.kempenveld': 'Eva Claessens'
} as const;
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;
export const DEMO_ACCOUNT_NAMES = Object.keys(DEMO_ACCOUNTS) as DemoAccount[];

export const ZORGTAFEL = 'Zorgtafel Mensenhandel Dommelstroom';

/** A demo account's email address; full addresses pass through unchanged. */
export function emailOf(who: string): string {
	return who.includes('@') ? who : `${who}@${DEMO_DOMAIN}`;
}

// -------------------------------------------------------------------------------------------------
// The app server

export interface AppServer {
	/** http://localhost:<port> (localhost, not 127.0.0.1: cookies and ORIGIN depend on it). */
	baseURL: string;
	port: number;
	databasePath: string;
	/** Everything the server printed so far (for diagnostics). */
	output(): string;
}

interface RunningServer extends AppServer {
	stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the crash test restarts its server on the same one). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

async function waitForHealth(
	url: string,
	child: ChildProcess,
	log: () => string,
	timeoutMs: number
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`The app server stopped during start-up (code ${child.exitCode ?? child.signalCode}).\n${log()}`
			);
		}
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
			if (res.status === 200) return;
			last = `HTTP ${res.status}`;
		} catch (e) {
			last = e instanceof Error ? e.message : String(e);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(
		`The app server did not answer 200 on ${url} within ${timeoutMs} ms (last: ${last}).\n${log()}`
	);
}

async function startServer(label: string): Promise<RunningServer> {
	const port = await freePort();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ketentafel-e2e-'));
	const databasePath = path.join(dir, 'ketentafel.db');
	const baseURL = `http://localhost:${port}`;
	let output = '';
	// The run's private copy of the build (global-setup.ts), or the work tree itself.
	const appDir = process.env.E2E_APP_DIR ?? ROOT;
	const child = spawn(process.execPath, ['server.js'], {
		cwd: appDir,
		env: {
			...process.env,
			MIGRATIONS_PATH: path.join(appDir, 'drizzle'),
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATABASE_PATH: databasePath
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (output.length > 200_000) output = output.slice(-100_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const log = () => `--- server output (${label}) ---\n${output.slice(-5_000)}`;

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((r) => child.once('exit', () => r()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, log, 45_000);
	} catch (e) {
		await stop();
		throw e;
	}
	return { baseURL, port, databasePath, output: () => output, stop };
}

/** One server at a time per worker, replaced when the worker moves on to another spec file. */
class ServerPool {
	private current: { file: string; server: RunningServer } | null = null;

	async forFile(file: string): Promise<RunningServer> {
		if (this.current?.file === file) return this.current.server;
		await this.stopAll();
		const server = await startServer(path.relative(ROOT, file));
		this.current = { file, server };
		return server;
	}

	async stopAll(): Promise<void> {
		const running = this.current;
		this.current = null;
		await running?.server.stop();
	}
}

// -------------------------------------------------------------------------------------------------
// Browser contexts

/** Contexts opened by the helpers during the current test; closed after it. */
const openContexts = new Set<BrowserContext>();
/** Collaboration clients opened from the test process (`openCollabDoc`); destroyed after each test. */
const openCollabClients = new Set<CollabClient>();

async function newContext(
	browser: Browser,
	app: AppServer,
	options: Parameters<Browser['newContext']>[0] = {}
): Promise<BrowserContext> {
	const context = await browser.newContext({
		baseURL: app.baseURL,
		locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
		...options
	});
	openContexts.add(context);
	context.once('close', () => openContexts.delete(context));
	return context;
}

/**
 * Goes to a path and waits until the page is hydrated (network quiet), so that typing into a form
 * is not undone by hydration and enhanced forms submit through SvelteKit.
 */
export async function gotoReady(page: Page, url: string) {
	const response = await page.goto(url);
	await page.waitForLoadState('networkidle');
	return response;
}

/** A page in a fresh browser context without a session. */
export async function visitor(browser: Browser, app: AppServer): Promise<Page> {
	const context = await newContext(browser, app);
	return context.newPage();
}

/** Fills and submits the sign-in form like a person would and waits for the answer; does not check the outcome. */
export async function submitLogin(page: Page, who: string, password: string): Promise<void> {
	if (!new URL(page.url()).pathname.startsWith('/login')) {
		await gotoReady(page, '/login');
	}
	await page.getByLabel('E-mailadres').fill(emailOf(who));
	await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
	// Wait for the server's answer, so the next step never reads the message of an earlier try.
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'
	);
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await answered;
}

/**
 * A page in its own browser context (baseURL = the app), signed in through the sign-in form as a
 * demo account (`'zorg'`) or any email address, on the start page.
 */
export async function loginAs(
	browser: Browser,
	app: AppServer,
	who: string,
	password = DEMO_PASSWORD
): Promise<Page> {
	const page = await visitor(browser, app);
	await gotoReady(page, '/login');
	await submitLogin(page, who, password);
	await expect(page, `sign-in as ${who} should leave /login`).not.toHaveURL(/\/login/);
	await expect(page.getByTestId('signed-in-user')).toBeVisible();
	return page;
}

/** Browser state (the session cookie) per app server and account, for `signedInPage`. */
type SavedState = Awaited<ReturnType<BrowserContext['storageState']>>;
const savedSessions = new WeakMap<AppServer, Map<string, SavedState>>();

/**
 * Like `loginAs`, but signs in through the form only the first time per account (per app server
 * and worker); later calls get a new context with that session. For checks that are about a page,
 * not about signing in (accessibility). Do not use it in tests that sign out or end sessions.
 */
export async function signedInPage(browser: Browser, app: AppServer, who: string): Promise<Page> {
	let perApp = savedSessions.get(app);
	if (!perApp) {
		perApp = new Map<string, SavedState>();
		savedSessions.set(app, perApp);
	}
	const state = perApp.get(who);
	if (!state) {
		const page = await loginAs(browser, app, who);
		perApp.set(who, await page.context().storageState());
		return page;
	}
	const context = await newContext(browser, app, { storageState: state });
	return context.newPage();
}

/** Signs out with the header button; ends on the sign-in page. */
export async function logout(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Uitloggen' }).click();
	await expect(page).toHaveURL(/\/login\?afgemeld/);
}

/** The labels of the main navigation ("Hoofdmenu"), in order; [] when there is none. */
export async function navItems(page: Page): Promise<string[]> {
	const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
	if ((await nav.count()) === 0) return [];
	return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

// -------------------------------------------------------------------------------------------------
// Accessibility

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe (WCAG 2.1 A and AA) on the page and fails with a readable list of violations. */
export async function expectAxeClean(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
	let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	const { violations } = await builder.analyze();
	const report = violations
		.map((v) => {
			const nodes = v.nodes
				.map(
					(n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`
				)
				.join('\n');
			return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
		})
		.join('\n\n');
	expect(violations.length, `axe found WCAG 2.1 AA violations on ${page.url()}:\n\n${report}`).toBe(0);
}

// -------------------------------------------------------------------------------------------------
// The test object

interface WorkerFixtures {
	serverPool: ServerPool;
}
interface TestFixtures {
	/** The app server of this spec file (fresh database per file). */
	app: AppServer;
	/** Closes the contexts the helpers opened (automatic). */
	closeHelperContexts: void;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
	serverPool: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const pool = new ServerPool();
			await use(pool);
			await pool.stopAll();
		},
		{ scope: 'worker', timeout: 60_000 }
	],
	app: [
		async ({ serverPool }, use, testInfo) => {
			const server = await serverPool.forFile(testInfo.file);
			await use(server);
			if (testInfo.status !== testInfo.expectedStatus) {
				await testInfo.attach('server-output.txt', {
					body: server.output().slice(-20_000),
					contentType: 'text/plain'
				});
			}
		},
		{ timeout: 60_000 }
	],
	closeHelperContexts: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			await use();
			for (const client of [...openCollabClients]) client.destroy();
			await Promise.all([...openContexts].map((c) => c.close().catch(() => undefined)));
			openContexts.clear();
		},
		{ auto: true }
	]
});

// -------------------------------------------------------------------------------------------------
// Direct access for the journeys and the leak test (signals, cases, leak)

/**
 * The spec's SQLite database, opened next to the running server (WAL mode: both may read and
 * write; the app reads per request). For reading ids and facts, and for planting leak-test
 * markers. Close it when done.
 */
export function openDatabase(app: AppServer, options: { readonly?: boolean } = {}): Database.Database {
	const db = new Database(app.databasePath, { readonly: options.readonly ?? false, fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	return db;
}

/** SvelteKit's data URL of a page: `/cases/3?x=1` → `/cases/3/__data.json?x=1`, `/` → `/__data.json`. */
export function dataUrl(pathAndQuery: string): string {
	const url = new URL(pathAndQuery, 'http://x');
	const base = url.pathname.replace(/\/$/, '');
	return `${base}/__data.json${url.search}`;
}

/**
 * A form post like a crafted request from a signed-in browser without JavaScript: the page's
 * session cookie, the app's own Origin (so the cross-site check lets it through), urlencoded
 * fields, no redirects. It asks for HTML, so SvelteKit answers with real HTTP statuses (400 for a
 * failed action, 404 for a denial) instead of its JSON envelope (always 200).
 */
export async function postForm(page: Page, app: AppServer, url: string, form: Record<string, string>) {
	return page.request.post(url, {
		form,
		headers: { Origin: app.baseURL, Accept: 'text/html,application/xhtml+xml' },
		maxRedirects: 0,
		failOnStatusCode: false
	});
}

/** Body text of a GET with the page's session (HTML or __data.json), with its status. */
export async function getText(page: Page, url: string): Promise<{ status: number; text: string }> {
	const res = await page.request.get(url, { failOnStatusCode: false });
	return { status: res.status(), text: await res.text() };
}

// -------------------------------------------------------------------------------------------------
// The access rules of DESIGN.md §3, written out here independently of src/lib/server/policy.ts,
// so the browser tests compare the app with the design and not with itself.

export type Compartment = 'shared' | 'zorg' | 'veiligheid';

export interface DesignedAccess {
	/** Demo and other accounts by email: id, domain and roles. */
	users: Map<string, { id: number; domain: 'zorg' | 'veiligheid'; roles: string[] }>;
	/** Every case id in the database. */
	caseIds: number[];
	/** The compartments a user may see of a case; empty: the case does not exist for them (404). */
	compartments(userId: number, caseId: number): Set<Compartment>;
}

/**
 * Reads the facts from the database and applies DESIGN.md §3:
 * - admin and auditor never see case content (§3.4);
 * - an ACTIVE (chair-confirmed, not ended) membership of a table the case is on gives `shared`
 *   plus what that table's compartment policy gives the user's domain (§3.1–3.2);
 * - owner, case lead, process lead and a live (not ended) participant get `shared` plus their own
 *   domain's compartment (§3.2);
 * - the union over all ways of reaching the case.
 */
export function designedAccess(db: Database.Database): DesignedAccess {
	const users = new Map<string, { id: number; domain: 'zorg' | 'veiligheid'; roles: string[] }>();
	const byId = new Map<number, { domain: 'zorg' | 'veiligheid'; roles: string[] }>();
	for (const u of db.prepare('select id, email, domain, roles from user').all() as Array<{
		id: number;
		email: string;
		domain: 'zorg' | 'veiligheid';
		roles: string;
	}>) {
		const entry = { id: u.id, domain: u.domain, roles: JSON.parse(u.roles) as string[] };
		users.set(u.email, entry);
		byId.set(u.id, entry);
	}
	const policies = new Map<number, Record<'zorg' | 'veiligheid', Compartment[]>>();
	for (const t of db.prepare('select id, compartment_policy from deliberation_table').all() as Array<{
		id: number;
		compartment_policy: string;
	}>) {
		policies.set(t.id, JSON.parse(t.compartment_policy) as Record<'zorg' | 'veiligheid', Compartment[]>);
	}
	const activeTables = new Map<number, Set<number>>();
	for (const ms of db
		.prepare("select user_id, table_id from membership where status = 'active' and ended_at is null")
		.all() as Array<{ user_id: number; table_id: number }>) {
		if (!activeTables.has(ms.user_id)) activeTables.set(ms.user_id, new Set());
		activeTables.get(ms.user_id)!.add(ms.table_id);
	}
	const cases = db
		.prepare('select id, owner_id, case_lead_id, process_lead_id from case_file')
		.all() as Array<{
		id: number;
		owner_id: number | null;
		case_lead_id: number | null;
		process_lead_id: number | null;
	}>;
	const tablesOf = new Map<number, number[]>();
	for (const r of db.prepare('select case_id, table_id from case_table').all() as Array<{
		case_id: number;
		table_id: number;
	}>) {
		tablesOf.set(r.case_id, [...(tablesOf.get(r.case_id) ?? []), r.table_id]);
	}
	const participantsOf = new Map<number, number[]>();
	for (const r of db
		.prepare('select case_id, user_id from case_participant where ended_at is null')
		.all() as Array<{
		case_id: number;
		user_id: number;
	}>) {
		participantsOf.set(r.case_id, [...(participantsOf.get(r.case_id) ?? []), r.user_id]);
	}
	const caseById = new Map(cases.map((c) => [c.id, c]));

	return {
		users,
		caseIds: cases.map((c) => c.id),
		compartments(userId, caseId) {
			const out = new Set<Compartment>();
			const u = byId.get(userId);
			const c = caseById.get(caseId);
			if (!u || !c) return out;
			if (u.roles.includes('admin') || u.roles.includes('auditor')) return out;
			for (const tableId of tablesOf.get(caseId) ?? []) {
				if (!activeTables.get(userId)?.has(tableId)) continue;
				out.add('shared');
				for (const comp of policies.get(tableId)?.[u.domain] ?? []) out.add(comp);
			}
			const personal = [c.owner_id, c.case_lead_id, c.process_lead_id].includes(userId);
			if (personal || (participantsOf.get(caseId) ?? []).includes(userId)) {
				out.add('shared');
				out.add(u.domain);
			}
			return out;
		}
	};
}

// -------------------------------------------------------------------------------------------------
// Collaboration documents from the test process (plans, leak test)
//
// A stock `@hocuspocus/provider` client over Node's `ws`, sending a browser's session cookie and
// the app's Origin, like the browser module does — for crafted updates the UI would never send and
// for reading documents as a given account. Clients opened here are destroyed after each test.

export { Y };

export const SESSION_COOKIE = 'ketentafel_session';

/** The `name=value` session cookie of a signed-in page, for a WebSocket from the test process. */
export async function sessionCookie(page: Page): Promise<string> {
	const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
	expect(cookie, `session cookie of ${page.url()}`).toBeTruthy();
	return `${cookie!.name}=${cookie!.value}`;
}

/** A collaboration document name (DESIGN.md §4): `case:<id>:plan|zorg|veiligheid`. */
export type PlanPart = 'plan' | 'zorg' | 'veiligheid';
export const planDocName = (caseId: number, part: PlanPart) => `case:${caseId}:${part}`;
export const partOf = (compartment: Compartment): PlanPart =>
	compartment === 'shared' ? 'plan' : compartment;
export const compartmentOf = (part: PlanPart): Compartment => (part === 'plan' ? 'shared' : part);

export interface CollabClient {
	provider: HocuspocusProvider;
	doc: Y.Doc;
	/** 'synced' once the document arrived, 'refused' when the server rejected it. */
	outcome: Promise<'synced' | 'refused'>;
	/** The scope the server granted ('read-write' | 'readonly'), once authenticated. */
	scope(): string | undefined;
	refusedReason(): string | undefined;
	destroy(): void;
}

/**
 * Opens a collaboration document from the test process with a session cookie (null: none) and the
 * app's Origin (or `origin`). Await `outcome` before reading or writing.
 */
export function openCollabDoc(
	app: AppServer,
	cookie: string | null,
	name: string,
	options: { origin?: string; timeoutMs?: number } = {}
): CollabClient {
	const headers: Record<string, string> = { origin: options.origin ?? app.baseURL };
	if (cookie) headers.cookie = cookie;
	const seen: string[] = [];
	const Socket = class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
			this.on('error', (e) => seen.push(`error ${e.message}`));
		}
	};
	const doc = new Y.Doc();
	let scope: string | undefined;
	let refused: string | undefined;
	let settle: (v: 'synced' | 'refused') => void = () => undefined;
	let fail: (e: Error) => void = () => undefined;
	const outcome = new Promise<'synced' | 'refused'>((resolve, reject) => {
		settle = resolve;
		fail = reject;
	});
	// `WebSocketPolyfill` is honoured at run time but missing from the provider's types.
	const config = {
		url: `ws://127.0.0.1:${app.port}/collab`,
		name,
		document: doc,
		WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
		onAuthenticated: (e: { scope: string }) => {
			scope = e.scope;
			seen.push(`authenticated ${e.scope}`);
		},
		onStatus: (e: { status: string }) => seen.push(`status ${e.status}`),
		onClose: (e: { event: { code?: number; reason?: string } }) =>
			seen.push(`close ${e.event?.code} ${e.event?.reason ?? ''}`),
		onAuthenticationFailed: (e: { reason: string }) => {
			refused = e.reason || 'forbidden';
			settle('refused');
		},
		onSynced: (e: { state: boolean }) => {
			if (e.state) settle('synced');
		}
	};
	const provider = new HocuspocusProvider(config);
	const timer = setTimeout(
		() =>
			fail(
				new Error(
					`${name}: neither synced nor refused within ${options.timeoutMs ?? 15_000} ms (events: ${seen.join(', ') || 'none'})`
				)
			),
		options.timeoutMs ?? 15_000
	);
	void outcome.finally(() => clearTimeout(timer)).catch(() => undefined);
	const client: CollabClient = {
		provider,
		doc,
		outcome,
		scope: () => scope,
		refusedReason: () => refused,
		destroy() {
			clearTimeout(timer);
			openCollabClients.delete(client);
			provider.destroy();
			doc.destroy();
		}
	};
	openCollabClients.add(client);
	return client;
}

/** Waits until the server acknowledged every change the client sent. */
export async function collabSaved(client: CollabClient, timeoutMs = 10_000): Promise<void> {
	await expect
		.poll(() => client.provider.unsyncedChanges, { timeout: timeoutMs, message: 'changes acknowledged' })
		.toBe(0);
}

/** Appends a paragraph to the plan's notes (the TipTap `notes` fragment). */
export function appendNote(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	doc.getXmlFragment('notes').push([paragraph]);
}

/** Pushes an action (raw fields, as a crafted client would) onto the plan's `actions` array. */
export function pushAction(doc: Y.Doc, fields: Record<string, unknown>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	doc.transact(() => {
		for (const [key, value] of Object.entries(fields)) map.set(key, value);
		doc.getArray<Y.Map<unknown>>('actions').push([map]);
	});
	return map;
}

/** An action of the document by id (a plain object), or undefined. */
export function actionIn(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
	const map = doc
		.getArray<Y.Map<unknown>>('actions')
		.toArray()
		.find((x) => x instanceof Y.Map && x.get('id') === id);
	return map ? Object.fromEntries(map.entries()) : undefined;
}

/** All text of a plan document: the notes and every action's fields. */
export function planText(doc: Y.Doc): string {
	return `${doc.getXmlFragment('notes').toJSON()}\n${JSON.stringify(doc.getArray('actions').toJSON())}`;
}

/**
 * Reads documents as one account (its session cookie), a few at a time: for each name the
 * outcome and, when it opened, its text and scope.
 */
export async function readCollabDocs(
	app: AppServer,
	cookie: string,
	names: string[],
	parallel = 6
): Promise<Map<string, { outcome: 'synced' | 'refused'; scope?: string; text: string }>> {
	const out = new Map<string, { outcome: 'synced' | 'refused'; scope?: string; text: string }>();
	const queue = [...names];
	const worker = async () => {
		for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
			const client = openCollabDoc(app, cookie, name);
			try {
				const outcome = await client.outcome;
				out.set(name, {
					outcome,
					scope: client.scope(),
					text: outcome === 'synced' ? planText(client.doc) : ''
				});
			} finally {
				client.destroy();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, names.length) }, worker));
	return out;
}

/**
 * Writes notes and actions into a plan document straight into the database, the way the server
 * stores them (an update appended to `collab_update`, the actions projected into `case_action`).
 * For documents nobody can write through the server (a closed case, a compartment no one may
 * see); only while the document is not open on the server. Returns the action ids.
 */
export function plantPlanInDatabase(
	app: AppServer,
	caseId: number,
	part: PlanPart,
	content: {
		notes?: string[];
		actions?: Array<{
			title: string;
			ownerId?: number | null;
			dueDate?: string | null;
			status?: string;
			reason?: string | null;
		}>;
	}
): string[] {
	const doc = new Y.Doc();
	const now = Date.now();
	const ids: string[] = [];
	const values = (content.actions ?? []).map((a) => {
		const id = crypto.randomUUID();
		ids.push(id);
		return {
			id,
			title: a.title,
			ownerId: a.ownerId ?? null,
			dueDate: a.dueDate ?? null,
			status: a.status ?? 'open',
			reason: a.reason ?? null,
			originKind: null,
			originId: null,
			createdAt: now,
			createdBy: null
		};
	});
	doc.transact(() => {
		for (const note of content.notes ?? []) appendNote(doc, note);
		for (const v of values) {
			const map = new Y.Map<unknown>();
			for (const [key, value] of Object.entries(v)) map.set(key, value);
			doc.getArray<Y.Map<unknown>>('actions').push([map]);
		}
	});
	const db = openDatabase(app);
	try {
		db.transaction(() => {
			db.prepare('insert into collab_update (document, data, at) values (?, ?, ?)').run(
				planDocName(caseId, part),
				Buffer.from(Y.encodeStateAsUpdate(doc)),
				now
			);
			const insert = db.prepare(
				`insert into case_action (id, case_id, compartment, position, title, owner_id, due_date, status, reason,
				 origin_kind, origin_id, created_at, created_by, updated_at, updated_by, removed_at)
				 values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, null, ?, null, null)`
			);
			values.forEach((v, i) =>
				insert.run(
					v.id,
					caseId,
					compartmentOf(part),
					1000 + i,
					v.title,
					v.ownerId,
					v.dueDate,
					v.status,
					v.reason,
					now,
					now
				)
			);
		})();
	} finally {
		db.close();
		doc.destroy();
	}
	return ids;
}

/** One row of a query on the spec's database (read-only). */
export function queryOne<T>(app: AppServer, sql: string, ...params: unknown[]): T {
	const db = openDatabase(app, { readonly: true });
	try {
		return db.prepare(sql).get(...params) as T;
	} finally {
		db.close();
	}
}

/** A demo case by its subject's label: id, reference, status. */
export function demoCase(app: AppServer, label: string, kind: 'victim' | 'perpetrator' = 'victim') {
	const row = queryOne<{ id: number; reference: string; status: string } | undefined>(
		app,
		'select c.id, c.reference, c.status from case_file c join subject s on s.id = c.subject_id where s.label = ? and c.kind = ?',
		label,
		kind
	);
	expect(row, `demo case of ${label} (${kind})`).toBeTruthy();
	return row!;
}

/** A user's id, name and organisation by demo account or email. */
export function userOf(app: AppServer, who: string): { id: number; name: string; organisation: string } {
	const row = queryOne<{ id: number; name: string; organisation: string } | undefined>(
		app,
		'select u.id, u.name, o.name as organisation from user u join organisation o on o.id = u.organisation_id where u.email = ?',
		emailOf(who)
	);
	expect(row, `user ${who}`).toBeTruthy();
	return row!;
}

/** The ISO date `days` from today in Amsterdam (the app's "today"). */
export function isoInDays(days: number): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
	return new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** An ISO date as the app shows it ("12 december 2026"). */
export function dutchDateText(iso: string): string {
	return new Intl.DateTimeFormat('nl-NL', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Amsterdam'
	}).format(new Date(`${iso}T12:00:00Z`));
}

/** Parses the app's CSV exports (semicolons, double quotes, optional BOM) into rows of cells. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const src = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < src.length; i++) {
		const ch = src[i];
		if (quoted) {
			if (ch === '"' && src[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ';') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && src[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

// -------------------------------------------------------------------------------------------------
// Meetings, decisions and escalations (issues 7–9): facts from the database, files the app makes

export type TableKind = 'zorgtafel' | 'avo' | 'stuurtafel' | 'zvh';

/** The demo table of a kind: id and name. */
export function tableOfKind(app: AppServer, kind: TableKind): { id: number; name: string } {
	const row = queryOne<{ id: number; name: string } | undefined>(
		app,
		'select id, name from deliberation_table where kind = ? order by id limit 1',
		kind
	);
	expect(row, `table of kind ${kind}`).toBeTruthy();
	return row!;
}

export interface MeetingFacts {
	id: number;
	tableId: number;
	status: string;
	startsAt: number;
}

/** The meetings of a table kind, earliest first. */
export function meetingsOf(app: AppServer, kind: TableKind): MeetingFacts[] {
	const db = openDatabase(app, { readonly: true });
	try {
		return db
			.prepare(
				`select m.id, m.table_id as tableId, m.status, m.starts_at as startsAt from meeting m
				 join deliberation_table t on t.id = m.table_id where t.kind = ? order by m.starts_at, m.id`
			)
			.all(kind) as MeetingFacts[];
	} finally {
		db.close();
	}
}

/** The earliest meeting of a table kind in this status (the demo's Zorgtafel of today: 'published'). */
export function meetingOf(app: AppServer, kind: TableKind, status: string): MeetingFacts {
	const row = meetingsOf(app, kind).find((x) => x.status === status);
	expect(row, `a ${status} meeting of the ${kind}`).toBeTruthy();
	return row!;
}

/** A meeting's status as stored. */
export function meetingStatus(app: AppServer, meetingId: number): string {
	return queryOne<{ status: string }>(app, 'select status from meeting where id = ?', meetingId).status;
}

/** The agenda items of a meeting in order: id, kind, case, title. */
export function agendaOf(
	app: AppServer,
	meetingId: number
): Array<{ id: number; kind: 'case' | 'general'; caseId: number | null; title: string | null }> {
	const db = openDatabase(app, { readonly: true });
	try {
		return db
			.prepare(
				'select id, kind, case_id as caseId, title from agenda_item where meeting_id = ? order by position, id'
			)
			.all(meetingId) as Array<{
			id: number;
			kind: 'case' | 'general';
			caseId: number | null;
			title: string | null;
		}>;
	} finally {
		db.close();
	}
}

/**
 * The text a PDF draws, as pdfkit writes it without compression: standard fonts, hex strings in
 * `<…> Tj` and `[<…> 12 <…>] TJ` (kerning numbers between the pieces of one run). One line per
 * text operation; the bytes are WinAnsi (read as Latin-1).
 */
export function pdfText(pdf: Buffer | string): string {
	const raw = typeof pdf === 'string' ? pdf : pdf.toString('latin1');
	const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex').toString('latin1');
	const lines: string[] = [];
	for (const match of raw.matchAll(
		/\[((?:\s*(?:<[0-9A-Fa-f\s]*>|-?[\d.]+))*)\s*\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj/g
	)) {
		if (match[2] !== undefined) lines.push(hex(match[2]));
		else lines.push([...match[1].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((x) => hex(x[1])).join(''));
	}
	return lines.join('\n');
}

/** An iCalendar text with its folded content lines joined again (RFC 5545 §3.1). */
export function unfoldIcs(text: string): string {
	return text.replace(/\r?\n[ \t]/g, '');
}

/** Clicks a download link like a person and returns the file: suggested name and bytes. */
export async function downloadVia(
	page: Page,
	link: ReturnType<Page['locator']>
): Promise<{ name: string; body: Buffer }> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const file = await download.path();
	expect(file, `download of ${download.suggestedFilename()}`).toBeTruthy();
	const { readFileSync } = await import('node:fs');
	return { name: download.suggestedFilename(), body: readFileSync(file) };
}
