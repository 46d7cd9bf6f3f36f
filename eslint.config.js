import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The architecture's nevers as lint rules (STYLE.md §2, issue 13). Each list is one set of
// `no-restricted-imports` patterns; flat config replaces a rule's options when a later block
// matches the same file, so route components get both lists in one block of their own.

/** Routes hand work to domain modules; only those build queries or know the tables. */
const schemaImport = {
	regex: '(\\$|/)lib/server/db/',
	message:
		'Routes go through domain modules: the schema and the database internals belong to src/lib/server/*.ts. Take the handle from $lib/server/db and the types from a domain module.'
};
const drizzleImport = {
	regex: '^(drizzle-orm|better-sqlite3)(/|$)',
	message: 'Routes go through domain modules: only src/lib/server/* builds queries (STYLE.md §2).'
};

/** Components run in the browser; server modules must not reach them, not even by their types. */
const clientImports = [
	{
		regex: '^\\$lib/server(/|$)|^\\.{1,2}/(\\.\\./)*(lib/)?server(/|$)',
		message:
			'Components and pages run in the browser: never import from src/lib/server (SvelteKit refuses it at build). Receive the data from a load function, and share types through src/lib/domain.'
	},
	{
		regex: '^\\$env/(static|dynamic)/private$',
		message: 'Components and pages run in the browser: private environment variables stay on the server.'
	}
];

/**
 * The policy is pure functions over facts the domain loads: it imports nothing but types, except
 * from its own files (`./…` inside src/lib/server/policy/). `import type` stays allowed from
 * anywhere; `import { type X }` does not count, because under `verbatimModuleSyntax` it still
 * loads the module (no-import-type-side-effects says so).
 */
const policyMessage =
	'The policy imports nothing but types (issue 13): no drizzle, db, $lib, $app or node modules. Load the facts in a domain module and pass them in; use `import type` for types.';
const policyRules = (regex) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{ patterns: [{ regex, allowTypeImports: true, message: policyMessage }] }
	],
	'@typescript-eslint/no-import-type-side-effects': 'error'
});

export default defineConfig(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'src/lib/paraglide/',
			'project.inlang/',
			'drizzle/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommendedTypeChecked,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/require-await': 'off',
			'svelte/no-navigation-without-resolve': 'off',
			// `{' '}` keeps a space that Svelte would otherwise trim around inline {#if} blocks.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
		// Props typed by SvelteKit's generated ./$types are invisible to the linter's type service
		// (svelte-check sees them and checks them); these rules would only report that blindness.
		rules: {
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		files: ['src/routes/**'],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', { patterns: [schemaImport, drizzleImport] }]
		}
	},
	{
		files: ['src/lib/components/**', '**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: clientImports }] }
	},
	{
		files: ['src/routes/**/*.svelte', 'src/routes/**/*.svelte.ts', 'src/routes/**/*.svelte.js'],
		// The client list already refuses all of src/lib/server, the schema included.
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', { patterns: [...clientImports, drizzleImport] }]
		}
	},
	// Value imports only from a sibling in the policy folder; a single policy.ts has no siblings.
	{ files: ['src/lib/server/policy/**'], rules: policyRules('^(?!\\./)') },
	{ files: ['src/lib/server/policy.ts'], rules: policyRules('^') },
	{
		files: ['*.config.js', '*.config.ts', 'scripts/**/*.js', 'scripts/**/*.ts', 'server.js'],
		languageOptions: { parserOptions: { projectService: false, project: null } },
		...ts.configs.disableTypeChecked
	}
);
