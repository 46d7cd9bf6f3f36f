import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { collabDevServer } from './scripts/vite-collab-plugin.js';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['baseLocale']
		}),
		sveltekit(),
		collabDevServer()
	],
	server: { port: 5173, strictPort: false },
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/collab/**/*.test.ts'],
		environment: 'node',
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
