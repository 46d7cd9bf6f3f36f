/**
 * The checker behind entry-points.test.ts. It reads a file's text with the TypeScript compiler
 * API, lists the file's entry points and says for each whether it opens with a guard. Real files
 * and the test's planted sources go through the same functions, so the self-tests prove what the
 * real run relies on. One file past ~400 lines on purpose: the route and collaboration checks
 * share the module reading (imports, locals, unwrapping) and are reviewed together.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '../..');
export const ROUTES = path.join(ROOT, 'src/routes');
export const COLLAB = path.join(ROOT, 'src/lib/server/collab');

/** The module whose `require…` functions may open a route entry point. */
const GUARD_MODULE = path.join(ROOT, 'src/lib/server/guard');
/** The module whose `verdict` decides who may open a collaboration document. */
const VERDICT_MODULE = path.join(COLLAB, 'access');

/** Request handlers SvelteKit calls in `+server.ts`, and `load` in page and layout files. */
export const HANDLERS = ['load', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback'];

/**
 * Collaboration hooks a client reaches before any `onAuthenticate` has passed. Hocuspocus runs
 * `onConnect` and then `onAuthenticate` for a document and creates the document and connection
 * only when both passed (ClientConnection.ts, `setUpNewConnection`); every other hook
 * (onLoadDocument, beforeHandleMessage, beforeSync, …) runs on an authenticated connection or on
 * the server's own work. `onUpgrade` and `onRequest` belong to Hocuspocus's own HTTP server.
 */
export const PRE_AUTH_HOOKS = ['onUpgrade', 'onRequest', 'onConnect', 'onAuthenticate'];

/** An entry point and, when it does not open with a guard, why not. */
export interface EntryPoint {
	name: string;
	problem: string | null;
}

interface Module {
	file: string;
	source: ts.SourceFile;
	/** Local name → the resolved module it is imported from and the name it has there. */
	imports: Map<string, { from: string; name: string }>;
	/** Top-level functions and variables by name. */
	locals: Map<string, ts.FunctionDeclaration | ts.VariableDeclaration>;
}

type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

function isFunctionLike(node: ts.Node): node is FunctionLike {
	return (
		ts.isArrowFunction(node) ||
		ts.isFunctionExpression(node) ||
		ts.isFunctionDeclaration(node) ||
		ts.isMethodDeclaration(node)
	);
}

/** A module specifier as a path without extension (`$lib/…` and relative ones), else as written. */
function resolveSpecifier(file: string, specifier: string): string {
	let target: string;
	if (specifier.startsWith('$lib/')) target = path.join(ROOT, 'src/lib', specifier.slice('$lib/'.length));
	else if (specifier.startsWith('.')) target = path.resolve(path.dirname(file), specifier);
	else return specifier;
	return target.replace(/\.(js|ts)$/, '').replace(/[/\\]index$/, '');
}

function parse(file: string, text: string): Module {
	const abs = path.resolve(ROOT, file);
	const source = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const imports = new Map<string, { from: string; name: string }>();
	const locals = new Map<string, ts.FunctionDeclaration | ts.VariableDeclaration>();
	for (const stmt of source.statements) {
		if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
			const clause = stmt.importClause;
			if (!clause || clause.isTypeOnly) continue;
			const from = resolveSpecifier(abs, stmt.moduleSpecifier.text);
			if (clause.name) imports.set(clause.name.text, { from, name: 'default' });
			const bindings = clause.namedBindings;
			if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { from, name: '*' });
			if (bindings && ts.isNamedImports(bindings)) {
				for (const spec of bindings.elements) {
					if (!spec.isTypeOnly)
						imports.set(spec.name.text, { from, name: (spec.propertyName ?? spec.name).text });
				}
			}
		} else if (ts.isFunctionDeclaration(stmt) && stmt.name) {
			locals.set(stmt.name.text, stmt);
		} else if (ts.isVariableStatement(stmt)) {
			for (const decl of stmt.declarationList.declarations) {
				if (ts.isIdentifier(decl.name)) locals.set(decl.name.text, decl);
			}
		}
	}
	return { file: abs, source, imports, locals };
}

/** A resolved module for messages: relative to the repository when it is a path. */
function shown(from: string): string {
	return path.isAbsolute(from) ? path.relative(ROOT, from) : from;
}

/** Strips what does not change the value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
function unwrap(expr: ts.Expression): ts.Expression {
	while (
		ts.isParenthesizedExpression(expr) ||
		ts.isAsExpression(expr) ||
		ts.isSatisfiesExpression(expr) ||
		ts.isTypeAssertionExpression(expr) ||
		ts.isNonNullExpression(expr)
	) {
		expr = expr.expression;
	}
	return expr;
}

function unwrapAwait(expr: ts.Expression): ts.Expression {
	expr = unwrap(expr);
	return ts.isAwaitExpression(expr) ? unwrap(expr.expression) : expr;
}

function isExported(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

function isDefaultExport(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
	);
}

function short(node: ts.Node, source: ts.SourceFile): string {
	const text = node.getText(source).replace(/\s+/g, ' ');
	return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** Names bound by a function's parameters (destructuring included): they shadow imports. */
function parameterNames(fn: FunctionLike): Set<string> {
	const names = new Set<string>();
	const visit = (name: ts.BindingName) => {
		if (ts.isIdentifier(name)) names.add(name.text);
		else for (const el of name.elements) if (!ts.isOmittedExpression(el)) visit(el.name);
	};
	for (const p of fn.parameters) visit(p.name);
	return names;
}

/** Whether the node contains an `await` outside nested functions. */
function containsAwait(node: ts.Node): boolean {
	let found = false;
	const visit = (n: ts.Node) => {
		if (found || isFunctionLike(n)) return;
		if (ts.isAwaitExpression(n)) found = true;
		else ts.forEachChild(n, visit);
	};
	visit(node);
	return found;
}

/** Null when `expr` calls a `require…` function imported from the guard module, else why not. */
function guardCallProblem(
	mod: Module,
	expr: ts.Expression,
	shadowed: Set<string>,
	statement: ts.Node = expr
): string | null {
	const call = unwrapAwait(expr);
	if (!ts.isCallExpression(call)) return `opens with "${short(statement, mod.source)}", not a guard call`;
	const callee = unwrap(call.expression);
	let name: string;
	let imported: { from: string; name: string } | undefined;
	if (ts.isIdentifier(callee)) {
		name = callee.text;
		imported = shadowed.has(name) ? undefined : mod.imports.get(name);
		if (imported && imported.name === '*') imported = undefined;
	} else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
		name = callee.name.text;
		const ns = shadowed.has(callee.expression.text) ? undefined : mod.imports.get(callee.expression.text);
		imported = ns?.name === '*' ? { from: ns.from, name } : undefined;
	} else {
		return `opens with "${short(statement, mod.source)}", not a guard call`;
	}
	const importedName = imported?.name ?? name;
	if (!/^require[A-Z]/.test(importedName))
		return `opens with "${short(statement, mod.source)}", not a guard call`;
	if (!imported) return `calls ${name}, which is not imported from $lib/server/guard`;
	if (imported.from !== GUARD_MODULE)
		return `calls ${name} imported from ${shown(imported.from)}, not from $lib/server/guard`;
	if (call.arguments.some(containsAwait))
		return `awaits inside the arguments of ${name}, before the guard runs`;
	return null;
}

/** Null when the function's first statement is a guard call, else why not. */
function functionProblem(mod: Module, fn: FunctionLike): string | null {
	const body = fn.body;
	if (!body) return 'has no body';
	const shadowed = parameterNames(fn);
	if (!ts.isBlock(body)) return guardCallProblem(mod, body, shadowed);
	const first = body.statements[0];
	if (!first) return 'has an empty body';
	if (ts.isExpressionStatement(first)) return guardCallProblem(mod, first.expression, shadowed, first);
	if (ts.isReturnStatement(first) && first.expression)
		return guardCallProblem(mod, first.expression, shadowed, first);
	if (ts.isVariableStatement(first)) {
		const init = first.declarationList.declarations[0]?.initializer;
		if (init) return guardCallProblem(mod, init, shadowed, first);
	}
	return `opens with "${short(first, mod.source)}", not a guard call`;
}

/** The expressions a function returns, outside nested functions. */
function returnedExpressions(fn: FunctionLike): ts.Expression[] {
	const body = fn.body;
	if (!body) return [];
	if (!ts.isBlock(body)) return [body];
	const out: ts.Expression[] = [];
	const visit = (n: ts.Node) => {
		if (isFunctionLike(n)) return;
		if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
		ts.forEachChild(n, visit);
	};
	body.statements.forEach(visit);
	return out;
}

/** A top-level declaration as a function, when it is one. */
function localFunction(mod: Module, name: string): FunctionLike | null {
	const local = mod.locals.get(name);
	if (!local) return null;
	if (ts.isFunctionDeclaration(local)) return local;
	const init = local.initializer && unwrap(local.initializer);
	return init && isFunctionLike(init) ? init : null;
}

function nameProblem(mod: Module, name: string, seen: Set<ts.Node>): string | null {
	const imported = mod.imports.get(name);
	if (imported)
		return `is ${name}, imported from ${shown(imported.from)}: define it in this file so its first statement can be checked`;
	const local = mod.locals.get(name);
	if (!local) return `refers to ${name}, which this file does not declare`;
	if (ts.isFunctionDeclaration(local)) return functionProblem(mod, local);
	if (!local.initializer) return `refers to ${name}, which has no value`;
	return handlerProblem(mod, local.initializer, seen);
}

/**
 * Null when the value is a function that opens with a guard. Follows local names and local
 * factories (`action('status', work)`: the check applies to the function the factory returns).
 */
function handlerProblem(mod: Module, value: ts.Expression, seen = new Set<ts.Node>()): string | null {
	const expr = unwrap(value);
	if (seen.has(expr)) return 'refers to itself';
	seen.add(expr);
	if (isFunctionLike(expr)) return functionProblem(mod, expr);
	if (ts.isIdentifier(expr)) return nameProblem(mod, expr.text, seen);
	if (ts.isCallExpression(expr)) {
		const callee = unwrap(expr.expression);
		const factory =
			ts.isIdentifier(callee) && !mod.imports.has(callee.text) ? localFunction(mod, callee.text) : null;
		if (!factory)
			return `is built by ${short(callee, mod.source)}, whose returned function cannot be checked here`;
		const returned = returnedExpressions(factory);
		if (returned.length === 0) return `is built by ${callee.getText(mod.source)}, which returns no function`;
		for (const r of returned) {
			const problem = handlerProblem(mod, r, seen);
			if (problem) return `is built by ${callee.getText(mod.source)}, whose returned function ${problem}`;
		}
		return null;
	}
	return `is "${short(expr, mod.source)}", not a function this checker can read`;
}

function propertyName(name: ts.PropertyName, source: ts.SourceFile): string | null {
	if (
		ts.isIdentifier(name) ||
		ts.isStringLiteral(name) ||
		ts.isNumericLiteral(name) ||
		ts.isPrivateIdentifier(name)
	)
		return name.text;
	return ts.isComputedPropertyName(name) ? null : name.getText(source);
}

/** One entry point per action, from `actions = {…}` in any of its spellings. */
function actionEntries(mod: Module, value: ts.Expression, seen = new Set<ts.Node>()): EntryPoint[] {
	let expr = unwrap(value);
	if (ts.isIdentifier(expr)) {
		const local = mod.locals.get(expr.text);
		if (local && ts.isVariableDeclaration(local) && local.initializer && !seen.has(local)) {
			seen.add(local);
			expr = unwrap(local.initializer);
		}
	}
	if (!ts.isObjectLiteralExpression(expr)) {
		return [
			{ name: 'actions', problem: `is "${short(expr, mod.source)}", not an object literal of actions` }
		];
	}
	const out: EntryPoint[] = [];
	for (const prop of expr.properties) {
		if (ts.isSpreadAssignment(prop)) {
			out.push(...actionEntries(mod, prop.expression, seen));
			continue;
		}
		const key = prop.name ? propertyName(prop.name, mod.source) : null;
		const name = `actions.${key ?? short(prop.name, mod.source)}`;
		if (key === null) out.push({ name, problem: 'has a computed name' });
		else if (ts.isPropertyAssignment(prop))
			out.push({ name, problem: handlerProblem(mod, prop.initializer) });
		else if (ts.isShorthandPropertyAssignment(prop))
			out.push({ name, problem: nameProblem(mod, prop.name.text, new Set()) });
		else if (ts.isMethodDeclaration(prop)) out.push({ name, problem: functionProblem(mod, prop) });
		else out.push({ name, problem: 'is an accessor, not an action' });
	}
	return out;
}

function exportedEntries(
	mod: Module,
	exported: string,
	value: () => ts.Expression | null,
	local: string
): EntryPoint[] {
	if (exported !== 'actions' && !HANDLERS.includes(exported)) return [];
	const expr = value();
	if (exported === 'actions') {
		if (expr) return actionEntries(mod, expr);
		const imported = mod.imports.get(local);
		const problem = imported
			? `is ${local}, imported from ${shown(imported.from)}: define the actions in this file`
			: 'is not an object literal of actions';
		return [{ name: 'actions', problem }];
	}
	return [{ name: exported, problem: expr ? handlerProblem(mod, expr) : nameProblem(mod, local, new Set()) }];
}

/**
 * Every entry point of a `+page.server.ts`, `+layout.server.ts` or `+server.ts`: `load`, each
 * action and each request handler, however it is exported (declaration, `export const`,
 * `export { x as load }`, a re-export from elsewhere, which cannot be checked and so fails).
 */
export function routeEntryPoints(file: string, text: string): EntryPoint[] {
	const mod = parse(file, text);
	const out: EntryPoint[] = [];
	for (const stmt of mod.source.statements) {
		if (ts.isFunctionDeclaration(stmt) && stmt.name && isExported(stmt) && !isDefaultExport(stmt)) {
			if (HANDLERS.includes(stmt.name.text))
				out.push({ name: stmt.name.text, problem: functionProblem(mod, stmt) });
			else if (stmt.name.text === 'actions')
				out.push({ name: 'actions', problem: 'is a function, not an object literal of actions' });
		} else if (ts.isVariableStatement(stmt) && isExported(stmt)) {
			for (const decl of stmt.declarationList.declarations) {
				if (!ts.isIdentifier(decl.name)) continue;
				const name = decl.name.text;
				out.push(...exportedEntries(mod, name, () => decl.initializer ?? null, name));
			}
		} else if (ts.isExportDeclaration(stmt) && !stmt.isTypeOnly) {
			const from =
				stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : null;
			const clause = stmt.exportClause;
			if (!clause || ts.isNamespaceExport(clause)) {
				out.push({
					name: clause ? clause.name.text : '*',
					problem: `re-exports everything from ${from}: name the entry points and define them here`
				});
				continue;
			}
			for (const spec of clause.elements) {
				if (spec.isTypeOnly) continue;
				const exported = spec.name.text;
				const local = (spec.propertyName ?? spec.name).text;
				if (from !== null) {
					if (exported === 'actions' || HANDLERS.includes(exported)) {
						out.push({
							name: exported,
							problem: `is re-exported from ${from}: define it in this file so its first statement can be checked`
						});
					}
					continue;
				}
				const decl = mod.locals.get(local);
				out.push(
					...exportedEntries(
						mod,
						exported,
						() => (decl && ts.isVariableDeclaration(decl) ? (decl.initializer ?? null) : null),
						local
					)
				);
			}
		}
	}
	return out;
}

/** Hook names from the installed Hocuspocus type definitions (`type HookName = …`). */
export function hocuspocusHooks(): string[] {
	const file = path.join(ROOT, 'node_modules/@hocuspocus/server/dist/index.d.ts');
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	for (const stmt of source.statements) {
		if (ts.isTypeAliasDeclaration(stmt) && stmt.name.text === 'HookName' && ts.isUnionTypeNode(stmt.type)) {
			return stmt.type.types.flatMap((t) =>
				ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []
			);
		}
	}
	throw new Error('HookName not found in @hocuspocus/server: the hook list must be updated by hand');
}

function isVerdictCall(mod: Module, expr: ts.Expression): boolean {
	const call = unwrapAwait(expr);
	if (!ts.isCallExpression(call)) return false;
	const callee = unwrap(call.expression);
	if (ts.isIdentifier(callee)) {
		const imported = mod.imports.get(callee.text);
		if (imported) return imported.from === VERDICT_MODULE && imported.name === 'verdict';
		const local = mod.locals.get(callee.text);
		return (
			callee.text === 'verdict' &&
			!!local &&
			ts.isFunctionDeclaration(local) &&
			mod.file.replace(/\.ts$/, '') === VERDICT_MODULE
		);
	}
	if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
		const ns = mod.imports.get(callee.expression.text);
		return ns?.name === '*' && ns.from === VERDICT_MODULE && callee.name.text === 'verdict';
	}
	return false;
}

function mentions(node: ts.Node, names: Set<string>, mod: Module): boolean {
	let found = false;
	const visit = (n: ts.Node) => {
		if (found) return;
		if ((ts.isIdentifier(n) && names.has(n.text)) || (ts.isCallExpression(n) && isVerdictCall(mod, n)))
			found = true;
		else ts.forEachChild(n, visit);
	};
	visit(node);
	return found;
}

function endsInThrow(stmt: ts.Statement): boolean {
	if (ts.isThrowStatement(stmt)) return true;
	const last = ts.isBlock(stmt) ? stmt.statements.at(-1) : undefined;
	return !!last && ts.isThrowStatement(last);
}

/** `this.m(…)` where `m` is a method of the class, or null. */
function ownMethodCall(cls: ts.ClassLikeDeclaration, expr: ts.Expression): FunctionLike | null {
	const call = unwrapAwait(expr);
	if (!ts.isCallExpression(call)) return null;
	const callee = unwrap(call.expression);
	if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword)
		return null;
	for (const member of cls.members) {
		if (member.name && propertyName(member.name, member.getSourceFile()) === callee.name.text) {
			if (ts.isMethodDeclaration(member)) return member;
			if (
				ts.isPropertyDeclaration(member) &&
				member.initializer &&
				isFunctionLike(unwrap(member.initializer))
			) {
				return unwrap(member.initializer) as FunctionLike;
			}
		}
	}
	return null;
}

/**
 * A hook that only hands its work to a method of its own class, directly or through a wrapper
 * (`return this.commits.run(() => this.authenticate(data))`), is checked in that method.
 */
function delegate(cls: ts.ClassLikeDeclaration, fn: FunctionLike): FunctionLike | null {
	const body = fn.body;
	if (!body) return null;
	const only = ts.isBlock(body) ? (body.statements.length === 1 ? body.statements[0] : null) : null;
	const expr = !ts.isBlock(body)
		? body
		: only && (ts.isReturnStatement(only) || ts.isExpressionStatement(only))
			? (only.expression ?? null)
			: null;
	if (!expr) return null;
	const direct = ownMethodCall(cls, expr);
	if (direct) return direct;
	const call = unwrapAwait(expr);
	if (!ts.isCallExpression(call)) return null;
	for (const arg of call.arguments) {
		const inner = unwrap(arg);
		if (isFunctionLike(inner)) {
			const target =
				delegate(cls, inner) ??
				(inner.body && !ts.isBlock(inner.body) ? ownMethodCall(cls, inner.body) : null);
			if (target) return target;
		}
	}
	return null;
}

/**
 * Null when the hook's first decision is a refusal on the access verdict: it may first name what
 * it knows (`const` declarations, one of which asks `verdict(…)`), and its first other statement
 * must be an `if` on that verdict that throws.
 */
function verdictFirstProblem(
	mod: Module,
	cls: ts.ClassLikeDeclaration | null,
	fn: FunctionLike,
	seen = new Set<ts.Node>()
): string | null {
	if (seen.has(fn)) return 'delegates to itself';
	seen.add(fn);
	const target = cls ? delegate(cls, fn) : null;
	if (target) return verdictFirstProblem(mod, cls, target, seen);
	const body = fn.body;
	if (!body || !ts.isBlock(body)) return 'has no block body that asks verdict() and refuses';
	const verdicts = new Set<string>();
	for (const stmt of body.statements) {
		if (ts.isVariableStatement(stmt)) {
			for (const decl of stmt.declarationList.declarations) {
				if (decl.initializer && isVerdictCall(mod, decl.initializer) && ts.isIdentifier(decl.name))
					verdicts.add(decl.name.text);
			}
			continue;
		}
		if (ts.isIfStatement(stmt) && mentions(stmt.expression, verdicts, mod) && endsInThrow(stmt.thenStatement))
			return null;
		return `does "${short(stmt, mod.source)}" before refusing on verdict() from collab/access`;
	}
	return 'never refuses on verdict() from collab/access';
}

/**
 * The collaboration hooks a file defines, as `Class.hook` (methods of extension classes) or
 * `Hocuspocus.hook` (hooks in a `new Hocuspocus({…})` configuration). Hooks a client reaches before
 * authentication must refuse on the verdict first; the others run only on authenticated
 * connections and are listed so that a new one is a reviewed change.
 */
export function collabHooks(file: string, text: string, hooks: string[]): EntryPoint[] {
	const mod = parse(file, text);
	const out: EntryPoint[] = [];
	const check = (name: string, cls: ts.ClassLikeDeclaration | null, fn: FunctionLike | null) =>
		!PRE_AUTH_HOOKS.includes(name)
			? null
			: fn
				? verdictFirstProblem(mod, cls, fn)
				: 'is not a function this checker can read';
	const visit = (node: ts.Node) => {
		if (ts.isClassLike(node)) {
			const className = node.name?.text ?? '(anonymous class)';
			for (const member of node.members) {
				const name = member.name ? propertyName(member.name, mod.source) : null;
				if (
					!name ||
					!hooks.includes(name) ||
					!(ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member))
				)
					continue;
				const init =
					ts.isPropertyDeclaration(member) && member.initializer ? unwrap(member.initializer) : null;
				const fn = ts.isMethodDeclaration(member) ? member : init && isFunctionLike(init) ? init : null;
				out.push({ name: `${className}.${name}`, problem: check(name, node, fn) });
			}
		}
		if (
			ts.isNewExpression(node) &&
			ts.isIdentifier(node.expression) &&
			node.expression.text === 'Hocuspocus'
		) {
			const config = node.arguments?.[0] && unwrap(node.arguments[0]);
			if (config && ts.isObjectLiteralExpression(config)) {
				for (const prop of config.properties) {
					const name = prop.name ? propertyName(prop.name, mod.source) : null;
					if (!name || !hooks.includes(name)) continue;
					const value = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : prop;
					out.push({
						name: `Hocuspocus.${name}`,
						problem: check(name, null, isFunctionLike(value) ? value : null)
					});
				}
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(mod.source);
	return out;
}

/**
 * Null when the file creates its Hocuspocus with an `AccessControl` (from collab/access) among
 * its extensions, so the checked `onAuthenticate` is the one that runs; else why not.
 */
export function accessInstalledProblem(file: string, text: string): string | null {
	const mod = parse(file, text);
	const isAccess = (expr: ts.Expression): boolean => {
		expr = unwrap(expr);
		if (ts.isIdentifier(expr)) {
			const local = expr.text;
			let init: ts.Expression | undefined;
			const find = (n: ts.Node) => {
				if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === local && n.initializer)
					init = n.initializer;
				ts.forEachChild(n, find);
			};
			find(mod.source);
			return !!init && isAccess(init);
		}
		if (!ts.isNewExpression(expr) || !ts.isIdentifier(expr.expression)) return false;
		const imported = mod.imports.get(expr.expression.text);
		return !!imported && imported.from === VERDICT_MODULE && imported.name === 'AccessControl';
	};
	const problems: string[] = [];
	let created = false;
	const visit = (node: ts.Node) => {
		if (
			ts.isNewExpression(node) &&
			ts.isIdentifier(node.expression) &&
			node.expression.text === 'Hocuspocus'
		) {
			created = true;
			const config = node.arguments?.[0] && unwrap(node.arguments[0]);
			const extensions =
				config && ts.isObjectLiteralExpression(config)
					? config.properties.find(
							(p): p is ts.PropertyAssignment =>
								ts.isPropertyAssignment(p) && p.name.getText(mod.source) === 'extensions'
						)
					: undefined;
			const list = extensions && unwrap(extensions.initializer);
			if (
				!list ||
				!ts.isArrayLiteralExpression(list) ||
				!list.elements.some((e) => !ts.isSpreadElement(e) && isAccess(e))
			) {
				problems.push(
					'creates a Hocuspocus without an AccessControl from collab/access among its extensions'
				);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(mod.source);
	if (!created) return 'creates no Hocuspocus';
	return problems[0] ?? null;
}

/** Every file under `dir` whose name matches. */
export function filesUnder(dir: string, match: RegExp): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return filesUnder(full, match);
		return match.test(e.name) ? [full] : [];
	});
}
