/**
 * `npm test`: every tier in order — type check, lint, domain tests (Vitest), browser journeys
 * (Playwright against the built app) — then one closing line `N passed, N failed` totalled over
 * all runners. Static checks count as one test each. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];

function run(label, command, args, env = {}) {
	console.log(`\n=== ${label} ===`);
	const started = Date.now();
	const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	return { ok: r.status === 0, seconds };
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

// 1. Static checks.
for (const [label, script] of [
	['svelte-check (types)', 'check'],
	['ESLint', 'lint']
]) {
	const { ok, seconds } = run(label, 'npm', ['run', '-s', script]);
	if (ok) passed++;
	else failed++;
	summary.push(`${label}: ${ok ? 'geslaagd' : 'MISLUKT'} (${seconds} s)`);
}

// 2. Domain and policy tests.
{
	const out = path.join(results, 'unit-results.json');
	fs.rmSync(out, { force: true });
	const { ok, seconds } = run('Vitest (domein, beleid, samenwerking)', 'npx', [
		'vitest',
		'run',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${out}`
	]);
	const json = readJson(out);
	const p = json?.numPassedTests ?? 0;
	// A crashed run without results counts as one failure, never as success.
	const f = json ? json.numFailedTests + (ok ? 0 : json.numFailedTests === 0 ? 1 : 0) : 1;
	passed += p;
	failed += f;
	summary.push(`Vitest: ${p} geslaagd, ${f} mislukt (${seconds} s)`);
}

// 3. Browser journeys.
{
	const out = path.join(results, 'e2e-results.json');
	fs.rmSync(out, { force: true });
	const { ok, seconds } = run('Playwright (gebruikersreizen in Chromium)', 'node', ['scripts/run-e2e.js']);
	const stats = readJson(out)?.stats;
	const p = stats ? stats.expected + (stats.flaky ?? 0) : 0;
	const f = stats ? stats.unexpected + (ok ? 0 : stats.unexpected === 0 ? 1 : 0) : 1;
	passed += p;
	failed += f;
	summary.push(`Playwright: ${p} geslaagd, ${f} mislukt (${seconds} s)`);
}

console.log('\n=== Samenvatting ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
