/**
 * The message catalogue: Paraglide compiled from messages/nl.json (a plugin that fails to load
 * compiles silently to nothing), and every message the code uses exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages.js';
import { getLocale } from '../../src/lib/paraglide/runtime.js';

const ROOT = path.resolve(__dirname, '../..');
const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'messages/nl.json'), 'utf8')) as Record<
	string,
	string
>;

function sources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return e.name === 'paraglide' ? [] : sources(full);
		return /\.(ts|svelte)$/.test(e.name) ? [full] : [];
	});
}

describe('message catalogue', () => {
	it('is compiled, in Dutch', () => {
		expect(getLocale()).toBe('nl');
		expect(m.app_name()).toBe('Ketentafel');
		expect(m.err_required({ label: 'Naam' })).toBe('Naam is verplicht.');
	});

	it('has every message the code uses', () => {
		const used = new Set<string>();
		for (const file of sources(path.join(ROOT, 'src'))) {
			for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?<![\w.])m\.([a-z][a-z0-9_]*)\b/g))
				used.add(match[1]);
		}
		expect(used.size).toBeGreaterThan(50);
		expect([...used].filter((k) => !(k in catalogue))).toEqual([]);
	});
});
