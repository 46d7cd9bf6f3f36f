/**
 * Every load, action and endpoint starts by asking the access policy (STYLE.md §7). This test
 * parses each server route file and fails when an entry point's first statement is not a guard,
 * so a new page cannot be added without one. Public entry points are listed with a reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROUTES = path.resolve(__dirname, '../../src/routes');

/** Guard calls that may open an entry point. */
const GUARD = /^(?:const\s+\w+\s*=\s*)?(?:requireActor|requirePage|requireCaseAccess|requireMeeting|requireSignal)\(/;

/** Entry points that are public on purpose. */
const PUBLIC: Record<string, string> = {
	'+layout.server.ts#load': 'root layout: only says whether demo mode is on',
	'(auth)/login/+page.server.ts#load': 'the sign-in page itself',
	'(auth)/login/+page.server.ts#actions.default': 'signing in',
	'(auth)/logout/+page.server.ts#load': 'redirects to the start page',
	'(auth)/logout/+page.server.ts#actions.default': 'signing out ends whatever session there is',
	'healthz/+server.ts#GET': 'liveness probe, no data',
	'calendar/[token].ics/+server.ts#GET': 'calendar apps have no session: the secret, revocable token is the credential (checked first, logged)'
};

function serverFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return serverFiles(full);
		return /^\+(page|layout)\.server\.ts$|^\+server\.ts$/.test(e.name) ? [full] : [];
	});
}

function firstStatement(fn: ts.Node, source: ts.SourceFile): string | null {
	if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) {
		const body = fn.body;
		if (!body) return null;
		if (!ts.isBlock(body)) return body.getText(source);
		const first = body.statements[0];
		return first ? first.getText(source) : '';
	}
	return null;
}

interface EntryPoint {
	name: string;
	first: string | null;
}

/**
 * An action built by a local factory (`status: action('status', cases.setStatus)`): the check
 * applies to the function the factory returns.
 */
function viaFactory(call: ts.CallExpression, source: ts.SourceFile): string | null {
	if (!ts.isIdentifier(call.expression)) return null;
	const name = call.expression.text;
	const factory = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
	const ret = factory?.body?.statements.find(ts.isReturnStatement);
	return ret?.expression ? firstStatement(ret.expression, source) : null;
}

function entryPoints(file: string): EntryPoint[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const out: EntryPoint[] = [];
	for (const stmt of source.statements) {
		if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
			out.push({ name: stmt.name.text, first: firstStatement(stmt, source) });
		}
		if (!ts.isVariableStatement(stmt) || !stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
		for (const decl of stmt.declarationList.declarations) {
			const name = decl.name.getText(source);
			const init = decl.initializer;
			if (!init) continue;
			if (name === 'actions' && ts.isObjectLiteralExpression(init)) {
				for (const prop of init.properties) {
					const key = prop.name?.getText(source) ?? '?';
					const fn = ts.isPropertyAssignment(prop) ? prop.initializer : prop;
					const first = ts.isCallExpression(fn) ? viaFactory(fn, source) : firstStatement(fn, source);
					out.push({ name: `actions.${key}`, first });
				}
			} else if (['load', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(name)) {
				out.push({ name, first: firstStatement(init, source) });
			}
		}
	}
	return out;
}

describe('every server entry point asks the policy first', () => {
	const files = serverFiles(ROUTES);

	it('finds the route files', () => {
		expect(files.length).toBeGreaterThan(10);
	});

	for (const file of files) {
		const rel = path.relative(ROUTES, file);
		for (const ep of entryPoints(file)) {
			const id = `${rel}#${ep.name}`;
			it(id, () => {
				if (PUBLIC[id]) return;
				expect(ep.first, `${id} has no function body to check`).not.toBeNull();
				expect(ep.first, `${id} must start with a guard call`).toMatch(GUARD);
			});
		}
	}

	it('lists no public entry point that no longer exists', () => {
		const all = new Set(files.flatMap((f) => entryPoints(f).map((ep) => `${path.relative(ROUTES, f)}#${ep.name}`)));
		expect(Object.keys(PUBLIC).filter((k) => !all.has(k))).toEqual([]);
	});
});
