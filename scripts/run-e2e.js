#!/usr/bin/env node
/**
 * Runs the browser tests: makes sure Debian's Chromium is there, builds the app (unless
 * E2E_SKIP_BUILD=1) and runs `npx playwright test` with any extra arguments, exiting with its code.
 *
 *   node scripts/run-e2e.js                      # everything
 *   E2E_SKIP_BUILD=1 node scripts/run-e2e.js tests/e2e/auth.spec.ts --grep throttl
 *
 * Playwright cannot download its own browsers on these machines (STACK.md, "Playwright"). The only
 * thing this script may install is the `chromium` Debian package, and only when running as root.
 * The JSON report for the top-level test runner is written to test-results/e2e-results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';

/** Runs a command with inherited stdio; returns its exit code. */
function run(command, args, options = {}) {
	console.log(`\n$ ${[command, ...args].join(' ')}`);
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
	if (result.error) {
		console.error(`Kon "${command}" niet starten: ${result.error.message}`);
		return 1;
	}
	return result.status ?? 1;
}

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		console.error(
			[
				`Chromium ontbreekt (${CHROMIUM}); de browsertests hebben het nodig.`,
				"Playwright kan hier zelf geen browsers downloaden. Installeer Debian's Chromium als root:",
				'  apt-get update && apt-get install -y chromium',
				'en start daarna opnieuw: npm run test:e2e'
			].join('\n')
		);
		process.exit(1);
	}
	console.log(`Chromium ontbreekt (${CHROMIUM}); installeren met apt-get (als root).`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (
		run('apt-get', ['update'], { env }) !== 0 ||
		run('apt-get', ['install', '-y', 'chromium'], { env }) !== 0
	) {
		console.error('Installeren van chromium is mislukt.');
		process.exit(1);
	}
	if (!existsSync(CHROMIUM)) {
		console.error(`Na installatie staat Chromium nog steeds niet op ${CHROMIUM}.`);
		process.exit(1);
	}
}

ensureChromium();

if (process.env.E2E_SKIP_BUILD === '1') {
	console.log('E2E_SKIP_BUILD=1: de bestaande build/ wordt getest.');
	if (!existsSync(path.join(ROOT, 'build', 'handler.js'))) {
		console.error('build/handler.js ontbreekt: bouw eerst met `npm run build` (of laat E2E_SKIP_BUILD weg).');
		process.exit(1);
	}
} else {
	const built = run('npm', ['run', 'build']);
	if (built !== 0) {
		console.error(`npm run build is mislukt (code ${built}).`);
		process.exit(built);
	}
}

const code = run('npx', ['--no-install', 'playwright', 'test', ...process.argv.slice(2)]);
process.exit(code);
