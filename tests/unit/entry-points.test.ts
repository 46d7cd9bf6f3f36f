/**
 * Every load, action and endpoint starts by asking the access policy, and so does every
 * collaboration hook a client reaches before authentication (STYLE.md §7). This test parses each
 * server route file and the collaboration server and fails when an entry point's first statement
 * is not a guard from the guard module, when an entry point appears or disappears without the
 * manifest saying so, and — in its self-tests — when the checker itself would let a planted
 * unguarded route through. Public entry points are listed with a reason. The self-tests make the
 * file long: each one is a planted source, kept next to the claim it proves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	COLLAB,
	ROUTES,
	accessInstalledProblem,
	collabHooks,
	filesUnder,
	hocuspocusHooks,
	routeEntryPoints,
	type EntryPoint
} from './entry-point-check';

/** Entry points that are public on purpose. */
const PUBLIC: Record<string, string> = {
	'+layout.server.ts#load': 'root layout: only says whether demo mode is on',
	'(auth)/login/+page.server.ts#load': 'the sign-in page itself',
	'(auth)/login/+page.server.ts#actions.default': 'signing in',
	'(auth)/logout/+page.server.ts#load': 'redirects to the start page',
	'(auth)/logout/+page.server.ts#actions.default': 'signing out ends whatever session there is',
	'healthz/+server.ts#GET': 'liveness probe, no data',
	'calendar/[token].ics/+server.ts#GET':
		'calendar apps have no session: the secret, revocable token is the credential (checked first, logged)'
};

const MANIFEST_FILE = path.join(__dirname, 'entry-points.manifest.json');
const UPDATE = process.env.UPDATE_ENTRY_POINTS === '1';

/** File → its entry-point names, for the routes and for the collaboration server. */
interface Manifest {
	routes: Record<string, string[]>;
	collab: Record<string, string[]>;
}

/** Lines `+ file#name` (found, not in the manifest) and `- file#name` (in the manifest, gone). */
function manifestDiff(listed: Record<string, string[]>, found: Record<string, string[]>): string[] {
	const flat = (m: Record<string, string[]>) =>
		new Set(Object.entries(m).flatMap(([f, names]) => names.map((n) => `${f}#${n}`)));
	const a = flat(listed);
	const b = flat(found);
	return [
		...[...b].filter((k) => !a.has(k)).map((k) => `+ ${k}`),
		...[...a].filter((k) => !b.has(k)).map((k) => `- ${k}`)
	].sort();
}

function byFile(entries: Array<[string, EntryPoint[]]>): Record<string, string[]> {
	return Object.fromEntries(
		entries
			.filter(([, eps]) => eps.length > 0)
			.map(([file, eps]) => [file, eps.map((ep) => ep.name).sort()] as const)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
	);
}

const HOOKS = hocuspocusHooks();
const routeFiles = filesUnder(ROUTES, /^\+(page|layout)\.server\.[jt]s$|^\+server\.[jt]s$/);
const collabFiles = filesUnder(COLLAB, /\.ts$/);
const routes = routeFiles.map(
	(f) => [path.relative(ROUTES, f), routeEntryPoints(f, fs.readFileSync(f, 'utf8'))] as [string, EntryPoint[]]
);
const collab = collabFiles.map(
	(f) =>
		[path.relative(COLLAB, f), collabHooks(f, fs.readFileSync(f, 'utf8'), HOOKS)] as [string, EntryPoint[]]
);
const found: Manifest = { routes: byFile(routes), collab: byFile(collab) };
if (UPDATE) fs.writeFileSync(MANIFEST_FILE, JSON.stringify(found, null, '\t') + '\n');
const manifest = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
const REVIEW =
	'update tests/unit/entry-points.manifest.json (UPDATE_ENTRY_POINTS=1 npx vitest run tests/unit/entry-points.test.ts ' +
	'rewrites it) so that a new or removed entry point is a reviewed change';

describe('every server entry point asks the policy first', () => {
	it('finds the route files', () => {
		expect(routeFiles.length).toBeGreaterThan(10);
	});

	for (const [rel, eps] of routes) {
		for (const ep of eps) {
			const id = `${rel}#${ep.name}`;
			it(id, () => {
				if (PUBLIC[id]) return;
				expect(ep.problem, `${id} must start with a require… guard from $lib/server/guard`).toBeNull();
			});
		}
	}

	it('lists no public entry point that no longer exists', () => {
		const all = new Set(routes.flatMap(([rel, eps]) => eps.map((ep) => `${rel}#${ep.name}`)));
		expect(Object.keys(PUBLIC).filter((k) => !all.has(k))).toEqual([]);
	});

	it('the manifest lists exactly the entry points the routes export', () => {
		const diff = manifestDiff(manifest.routes, found.routes);
		expect(diff, `A route gained or lost an entry point (${diff.join(', ')}): ${REVIEW}`).toEqual([]);
	});
});

describe('every collaboration hook a client reaches before authentication asks the verdict first', () => {
	it('knows the Hocuspocus hooks', () => {
		expect(HOOKS).toEqual(
			expect.arrayContaining(['onConnect', 'onAuthenticate', 'onLoadDocument', 'beforeHandleMessage'])
		);
	});

	it('finds onAuthenticate', () => {
		expect(
			collab.flatMap(([rel, eps]) =>
				eps.filter((ep) => ep.name.endsWith('.onAuthenticate')).map((ep) => `${rel}#${ep.name}`)
			)
		).toEqual(['access.ts#AccessControl.onAuthenticate']);
	});

	for (const [rel, eps] of collab) {
		for (const ep of eps) {
			it(`${rel}#${ep.name}`, () => {
				expect(ep.problem, `${rel}#${ep.name} must refuse on verdict() before anything else`).toBeNull();
			});
		}
	}

	it('the collaboration server installs the access control', () => {
		const index = path.join(COLLAB, 'index.ts');
		expect(accessInstalledProblem(index, fs.readFileSync(index, 'utf8'))).toBeNull();
	});

	it('the manifest lists exactly the collaboration hooks', () => {
		const diff = manifestDiff(manifest.collab, found.collab);
		expect(diff, `A collaboration hook appeared or disappeared (${diff.join(', ')}): ${REVIEW}`).toEqual([]);
	});
});

/** The checker on a planted route file: entry-point name → problem (null when guarded). */
function check(text: string, file = 'src/routes/planted/+page.server.ts'): Record<string, string | null> {
	return Object.fromEntries(routeEntryPoints(file, text).map((ep) => [ep.name, ep.problem]));
}

const GUARD = `import { requireActor, requirePage } from '$lib/server/guard';\nimport type { Actions } from './$types';\n`;

describe('the checker refuses an unguarded route', () => {
	it('an unguarded load', () => {
		const r = check(`${GUARD}export const load = async (event) => { return { cases: list(event) }; };`);
		expect(r.load).toMatch(/not a guard call/);
	});

	it('a guard that is not the first statement', () => {
		const r = check(
			`${GUARD}export const load = async (event) => { const x = list(); requirePage(event, 'cases'); return { x }; };`
		);
		expect(r.load).toMatch(/opens with "const x = list\(\);"/);
	});

	it('an action whose first statement is not a guard', () => {
		const r = check(`${GUARD}export const actions: Actions = {
			save: async (event) => { const form = await event.request.formData(); requirePage(event, 'cases'); return { form }; }
		};`);
		expect(r['actions.save']).toMatch(/not a guard call/);
	});

	it('a guard-named function imported from another module', () => {
		const r = check(`import { requirePage } from '$lib/server/cases';
			export const load = async (event) => { requirePage(event, 'cases'); };`);
		expect(r.load).toMatch(/imported from src\/lib\/server\/cases, not from \$lib\/server\/guard/);
	});

	it('a same-named local function', () => {
		const r = check(`function requirePage(_e: unknown, _p: string) { return null; }
			export const load = async (event) => { requirePage(event, 'cases'); };`);
		expect(r.load).toMatch(/not imported from \$lib\/server\/guard/);
	});

	it('a guard shadowed by a parameter', () => {
		const r = check(`${GUARD}export const load = async ({ requirePage }) => { requirePage(); };`);
		expect(r.load).toMatch(/not imported from \$lib\/server\/guard/);
	});

	it('a type-only import of a guard name', () => {
		const r = check(`import type { requirePage } from '$lib/server/guard';
			export const load = async (event) => { requirePage(event, 'cases'); };`);
		expect(r.load).toMatch(/not imported from \$lib\/server\/guard/);
	});

	it('a first call that is not a require… function', () => {
		const r = check(
			`${GUARD}export const load = async (event) => { audit(event); requirePage(event, 'x'); };`
		);
		expect(r.load).toMatch(/opens with "audit\(event\);", not a guard call/);
	});

	it('work awaited inside the guard call', () => {
		const r = check(`${GUARD}export const actions = {
			default: async (event) => { requirePage(event, (await event.request.formData()).get('page')); }
		};`);
		expect(r['actions.default']).toMatch(/awaits inside the arguments/);
	});

	it('a `satisfies Actions` object with one unguarded action', () => {
		const r = check(`${GUARD}export const actions = {
			good: async (event) => { requirePage(event, 'cases'); },
			bad: async (event) => { return save(event); }
		} satisfies Actions;`);
		expect(r['actions.good']).toBeNull();
		expect(r['actions.bad']).toMatch(/not a guard call/);
	});

	it('an `as Actions` object with an unguarded method, shorthand or spread action', () => {
		const r = check(`${GUARD}const shared = { spread: async () => save() };
			const short = async () => save();
			export const actions = ({ async method() { save(); }, short, ...shared }) as Actions;`);
		expect(Object.keys(r)).toEqual(['actions.method', 'actions.short', 'actions.spread']);
		for (const problem of Object.values(r)) expect(problem).toMatch(/not a guard call/);
	});

	it('`export { load }` and `export { x as load }` of an unguarded function', () => {
		expect(
			check(`${GUARD}async function load(event) { return list(event); }\nexport { load };`).load
		).toMatch(/not a guard call/);
		expect(
			check(`${GUARD}const read = async (event) => list(event);\nexport { read as load };`).load
		).toMatch(/not a guard call/);
	});

	it('an unguarded fallback, OPTIONS and HEAD', () => {
		const r = check(
			`${GUARD}export const fallback = async () => new Response('x');
			export function OPTIONS() { return new Response(null); }
			export const HEAD = async (event) => { return new Response(null); };`,
			'src/routes/planted/+server.ts'
		);
		expect(r.fallback).toMatch(/not a guard call/);
		expect(r.OPTIONS).toMatch(/not a guard call/);
		expect(r.HEAD).toMatch(/not a guard call/);
	});

	it('a handler that is only a name for an unguarded function', () => {
		const r = check(
			`${GUARD}async function read() { return list(); }\nexport const GET = read;`,
			'src/routes/planted/+server.ts'
		);
		expect(r.GET).toMatch(/not a guard call/);
	});

	it('a local factory whose returned function is unguarded', () => {
		const r = check(`${GUARD}function action(work) { return async (event) => { work(event); }; }
			const arrow = (work) => async (event) => work(event);
			export const actions: Actions = { one: action(save), two: arrow(save) };`);
		expect(r['actions.one']).toMatch(/built by action, whose returned function opens with "work\(event\);"/);
		expect(r['actions.two']).toMatch(/built by arrow, whose returned function/);
	});

	it('a handler built by an imported factory, or imported outright', () => {
		const r = check(
			`${GUARD}import { guarded, handler } from '$lib/server/somewhere';
			export const GET = guarded(handler);
			export const POST = handler;`,
			'src/routes/planted/+server.ts'
		);
		expect(r.GET).toMatch(/cannot be checked here/);
		expect(r.POST).toMatch(/imported from src\/lib\/server\/somewhere/);
	});

	it('entry points re-exported from another module', () => {
		const r = check(
			`export { GET, handler as POST } from '$lib/server/minutes-route';`,
			'src/routes/planted/+server.ts'
		);
		expect(Object.keys(r)).toEqual(['GET', 'POST']);
		expect(r.GET).toMatch(/re-exported from \$lib\/server\/minutes-route/);
		expect(r.POST).toMatch(/re-exported/);
		expect(check(`export * from '$lib/server/minutes-route';`)['*']).toMatch(/re-exports everything/);
	});

	it('a computed action name', () => {
		expect(
			check(`${GUARD}const k = 'x';\nexport const actions = { [k]: async (e) => { requirePage(e, 'c'); } };`)[
				'actions.[k]'
			]
		).toMatch(/computed name/);
	});
});

describe('the checker refuses the real routes with their guards taken out', () => {
	// Renaming every guard call keeps each file's shape (factories, helpers, export forms) as it
	// is in the tree, so this proves the checker reads the forms the routes really use.
	for (const [rel, eps] of routes) {
		const planted = fs
			.readFileSync(path.join(ROUTES, rel), 'utf8')
			.replace(/\b(?:guard\.)?require[A-Z]\w*\(/g, 'audit(');
		const guarded = eps.filter((ep) => !PUBLIC[`${rel}#${ep.name}`]).map((ep) => ep.name);
		if (guarded.length === 0) continue;
		it(rel, () => {
			const r = check(planted, path.join(ROUTES, rel));
			expect(guarded.filter((name) => r[name] === null)).toEqual([]);
		});
	}
});

describe('the checker accepts the guarded forms', () => {
	it('finds every spelling of an entry point and accepts each guarded one', () => {
		const r = check(
			`import { requireActor, requirePage as page } from '$lib/server/guard';
			import * as guard from '$lib/server/guard';
			import type { Actions } from './$types';
			export const load = async (event) => { const actor = requireActor(event); return { actor }; };
			export async function GET(event) { requireActor(event); return new Response('x'); }
			export const POST = async (event) => { const { actor } = guard.requireContext(event, 'cases', { caseId: 1 }); return json(actor); };
			const put = async (event) => requireActor(event);
			export { put as PUT };
			function patch(event) { return page(event, 'cases'); }
			export { patch as PATCH };
			export const DELETE = (async (event) => { await guard.requireCaseAccess(event, 1); }) satisfies RequestHandler;
			export const OPTIONS = async (event) => { requireActor(event); };
			export const HEAD = async (event) => { requireActor(event); };
			export const fallback = async (event) => { requireActor(event); };
			export const prerender = false;`,
			'src/routes/planted/+server.ts'
		);
		expect(r).toEqual({
			load: null,
			GET: null,
			POST: null,
			PUT: null,
			PATCH: null,
			DELETE: null,
			OPTIONS: null,
			HEAD: null,
			fallback: null
		});
	});

	it('actions in every spelling, through local factories', () => {
		const r = check(`${GUARD}function action(name: string) {
				return async (event) => { const actor = requirePage(event, 'cases'); return { done: name, actor }; };
			}
			const arrow = (name: string) => async (event) => { requireActor(event); return { name }; };
			const shorthand = async (event) => { requireActor(event); };
			const common = { spread: async (event) => { requireActor(event); } };
			export const actions = {
				status: action('status'),
				phase: arrow('phase'),
				async method(event) { requireActor(event); },
				'quoted-name': async (event) => { return requireActor(event); },
				shorthand,
				...common
			} satisfies Actions;`);
		expect(r).toEqual({
			'actions.status': null,
			'actions.phase': null,
			'actions.method': null,
			'actions.quoted-name': null,
			'actions.shorthand': null,
			'actions.spread': null
		});
	});

	it('`as Actions`, `export { load }`, an exported function declaration and a relative guard import', () => {
		const r = check(
			`import { requirePage } from '../../../lib/server/guard.js';
			async function load(event) { requirePage(event, 'cases'); }
			const acts = { default: async (event) => { requirePage(event, 'cases'); } } as Actions;
			export { load, acts as actions };`,
			'src/routes/a/b/+page.server.ts'
		);
		expect(r).toEqual({ load: null, 'actions.default': null });
	});
});

/** The checker on a planted collaboration module. */
function checkCollab(text: string, file = 'src/lib/server/collab/planted.ts'): Record<string, string | null> {
	return Object.fromEntries(collabHooks(file, text, HOOKS).map((ep) => [ep.name, ep.problem]));
}

const ACCESS = `import { verdict } from './access';\n`;

describe('the checker refuses an unguarded collaboration hook', () => {
	it('onAuthenticate that never asks the verdict', () => {
		const r = checkCollab(
			`${ACCESS}class A { async onAuthenticate(data) { if (!data.context) throw new Error('no'); return {}; } }`
		);
		expect(r['A.onAuthenticate']).toMatch(/before refusing on verdict/);
	});

	it('onAuthenticate that acts before refusing', () => {
		const r = checkCollab(`${ACCESS}class A {
			async onAuthenticate(data) {
				const answer = verdict(db, actor, data.documentName);
				audit.record(db, { action: 'view' });
				if (!answer) throw new Error('forbidden');
			}
		}`);
		expect(r['A.onAuthenticate']).toMatch(/does "audit.record/);
	});

	it('onAuthenticate that asks the verdict but does not throw on it', () => {
		const r = checkCollab(`${ACCESS}class A {
			async onAuthenticate(data) { const answer = verdict(db, actor, data.documentName); if (!answer) return {}; }
		}`);
		expect(r['A.onAuthenticate']).toMatch(/before refusing/);
	});

	it('a verdict from another module, and a local one outside collab/access', () => {
		const imported = checkCollab(`import { verdict } from '../policy';
			class A { async onAuthenticate(d) { const v = verdict(db, a, d.documentName); if (!v) throw new Error('x'); } }`);
		expect(imported['A.onAuthenticate']).toMatch(/before refusing on verdict/);
		const local = checkCollab(`function verdict() { return 'write'; }
			class A { async onAuthenticate(d) { const v = verdict(); if (!v) throw new Error('x'); } }`);
		expect(local['A.onAuthenticate']).toMatch(/before refusing on verdict/);
	});

	it('a delegated onAuthenticate whose target is unguarded', () => {
		const r = checkCollab(`${ACCESS}class A {
			async onAuthenticate(data) { return this.commits.run(() => this.authenticate(data)); }
			private authenticate(data) { return { access: 'write' }; }
		}`);
		expect(r['A.onAuthenticate']).toMatch(/before refusing on verdict/);
	});

	it('an unguarded onConnect, in a class or in the Hocuspocus configuration', () => {
		const r = checkCollab(`${ACCESS}class A { onConnect = async (data) => { data.context.seen = true; }; }
			const h = new Hocuspocus({ onConnect: async () => {}, onAuthenticate: async (d) => { return {}; } });`);
		expect(r['A.onConnect']).toMatch(/no block body|before refusing/);
		expect(r['Hocuspocus.onConnect']).toMatch(/never refuses/);
		expect(r['Hocuspocus.onAuthenticate']).toMatch(/before refusing/);
	});

	it('a Hocuspocus without the access control', () => {
		const src = `import { AccessControl } from './access';\nimport { Other } from './other';
			const access = new Other();\nconst h = new Hocuspocus({ extensions: [access, store] });`;
		expect(accessInstalledProblem('src/lib/server/collab/index.ts', src)).toMatch(/without an AccessControl/);
		expect(accessInstalledProblem('src/lib/server/collab/index.ts', 'export const x = 1;')).toMatch(
			/creates no Hocuspocus/
		);
	});
});

describe('the checker refuses the real collaboration server with its guard taken out', () => {
	const file = path.join(COLLAB, 'access.ts');
	const text = fs.readFileSync(file, 'utf8');

	it('onAuthenticate without its verdict call', () => {
		const planted = text.replace(/(?<!function )\bverdict\(/g, 'lookup(');
		expect(planted, 'access.ts calls no verdict(): adapt this self-test').not.toBe(text);
		expect(checkCollab(planted, file)['AccessControl.onAuthenticate']).toMatch(/refusing on verdict/);
	});

	it('the verdict refusal moved after the first write', () => {
		const planted = text.replace(
			/(const answer = verdict\([^;]*;)/,
			'$1\n\t\taudit.record(this.db, {} as never, now);'
		);
		expect(planted, 'access.ts has no "const answer = verdict(…)": adapt this self-test').not.toBe(text);
		expect(checkCollab(planted, file)['AccessControl.onAuthenticate']).toMatch(/does "audit.record/);
	});
});

describe('the checker accepts the guarded collaboration forms', () => {
	it('a delegated onAuthenticate that refuses on the verdict first, and lists the other hooks', () => {
		const r = checkCollab(`${ACCESS}class A {
			async onAuthenticate(data) { return this.commits.run(() => this.authenticate(data)); }
			private authenticate(data) {
				const { context, documentName } = data;
				const actor = load(context.userId);
				const answer = verdict(db, actor, documentName);
				if (!actor || !answer) { audit.record(db, { action: 'denied' }); throw new Error('forbidden'); }
				return { access: answer };
			}
			async beforeHandleMessage() {}
			async onLoadDocument() {}
			helper() {}
		}`);
		expect(r).toEqual({ 'A.onAuthenticate': null, 'A.beforeHandleMessage': null, 'A.onLoadDocument': null });
	});

	it('verdict declared in collab/access itself, or through a namespace import', () => {
		const own = checkCollab(
			`export function verdict() { return null; }
			class A { async onConnect(d) { if (!verdict()) throw new Error('x'); } }`,
			'src/lib/server/collab/access.ts'
		);
		expect(own['A.onConnect']).toBeNull();
		const ns = checkCollab(`import * as access from './access';
			class A { async onAuthenticate(d) { const v = await access.verdict(d); if (v === null) throw new Error('x'); } }`);
		expect(ns['A.onAuthenticate']).toBeNull();
	});

	it('a Hocuspocus with the access control among its extensions', () => {
		const src = `import { AccessControl } from './access';
			export function create() { const access = new AccessControl(db); return new Hocuspocus({ extensions: [access, store] }); }`;
		expect(accessInstalledProblem('src/lib/server/collab/index.ts', src)).toBeNull();
	});

	it('the manifest diff names what was added and what was removed', () => {
		expect(
			manifestDiff({ 'a.ts': ['load', 'actions.x'] }, { 'a.ts': ['load', 'actions.y'], 'b.ts': ['GET'] })
		).toEqual(['+ a.ts#actions.y', '+ b.ts#GET', '- a.ts#actions.x']);
	});
});
