/**
 * Browser tests (tier 3). Run them with `npm run test:e2e` (scripts/run-e2e.js builds first).
 *
 * Every spec file gets its own app server with a fresh SQLite database (tests/e2e/fixtures.ts), so
 * the config has no `webServer`. Playwright cannot download browsers here: Debian's Chromium is
 * used (see STACK.md, "Playwright").
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	// Copies the build for this run, so a rebuild elsewhere cannot change it under the tests.
	globalSetup: './tests/e2e/global-setup.ts',
	timeout: 30_000,
	expect: { timeout: 5_000 },
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: 2,
	// Artefacts (traces of failed tests) live below test-results/ but not in it directly, because
	// Playwright empties its outputDir at the start of a run and the JSON report sits beside it.
	outputDir: 'test-results/e2e-artifacts',
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
	use: {
		browserName: 'chromium',
		locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
		// Recording traces costs about a fifth of the run; CI (`.ci/run` sets CI=1) goes without.
		trace: process.env.CI ? 'off' : 'retain-on-failure',
		actionTimeout: 10_000,
		navigationTimeout: 15_000,
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-quic',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }]
});
