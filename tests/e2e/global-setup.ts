/**
 * Copies the built app (server.js, build/, drizzle/) to a private folder for this run, so that a
 * rebuild during the run (`npm run build` by someone else in the same work tree) cannot swap files
 * under the servers the tests start. The copy lives under test-results/ (git-ignored) and is
 * removed by the returned teardown. The fixtures read its path from E2E_APP_DIR.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function copyOnce(dest: string): void {
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	cpSync(path.join(ROOT, 'server.js'), path.join(dest, 'server.js'));
	cpSync(path.join(ROOT, 'build'), path.join(dest, 'build'), { recursive: true });
	cpSync(path.join(ROOT, 'drizzle'), path.join(dest, 'drizzle'), { recursive: true });
	if (!existsSync(path.join(dest, 'build', 'handler.js'))) throw new Error('build/handler.js ontbreekt');
}

/** Removes copies left behind by runs that were killed (their process is gone). */
function removeStaleCopies(results: string): void {
	if (!existsSync(results)) return;
	for (const name of readdirSync(results)) {
		const pid = Number(/^e2e-app-(\d+)$/.exec(name)?.[1]);
		if (!pid || pid === process.pid) continue;
		try {
			process.kill(pid, 0);
		} catch {
			rmSync(path.join(results, name), { recursive: true, force: true });
		}
	}
}

export default async function globalSetup(): Promise<() => void> {
	if (!existsSync(path.join(ROOT, 'build', 'handler.js'))) {
		throw new Error(
			'build/handler.js ontbreekt: bouw eerst met `npm run build` (of gebruik `npm run test:e2e`).'
		);
	}
	// Below test-results/ (git-ignored, and not the outputDir that Playwright empties itself).
	// Inside the project, so the copy still finds node_modules.
	const results = path.join(ROOT, 'test-results');
	removeStaleCopies(results);
	const dest = path.join(results, `e2e-app-${process.pid}`);
	let lastError: Error | undefined;
	for (let attempt = 1; attempt <= 5; attempt++) {
		try {
			copyOnce(dest);
			lastError = undefined;
			break;
		} catch (e) {
			// A build in progress elsewhere: wait and try again.
			lastError = e instanceof Error ? e : new Error(String(e));
			await new Promise((r) => setTimeout(r, 3_000));
		}
	}
	if (lastError) throw lastError;
	process.env.E2E_APP_DIR = dest;
	return () => rmSync(dest, { recursive: true, force: true });
}
