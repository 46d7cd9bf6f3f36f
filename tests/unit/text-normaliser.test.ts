/**
 * One normaliser for all free text (validation.ts): NFC, line breaks as LF, invisible direction
 * marks dropped; control characters (NUL, ESC, C1, DEL) and bidirectional overrides/isolates are
 * refused with a Dutch message naming the field, and then nothing is stored. Tab and newline are
 * kept in multi-line fields; in one-line fields they become a space.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { count } from 'drizzle-orm';
import { hasRefusedChars, normaliseText, optionalText, parse, text } from '../../src/lib/server/validation';
import { ValidationError } from '../../src/lib/server/errors';
import * as signals from '../../src/lib/server/signals';
import * as decisions from '../../src/lib/server/decisions';
import { accessLog, decision, signal } from '../../src/lib/server/db/schema';
import { builder } from '../support/build';
import { freshDb } from './helpers';

const REFUSED = 'Het veld ‘Omschrijving’ bevat tekens die niet zijn toegestaan';

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

const oneLine = z.object({ v: text('Omschrijving', 1, 200) });
const multiLine = z.object({ v: text('Omschrijving', 1, 200, { multiline: true }) });
const optional = z.object({ v: optionalText('Omschrijving', 200) });

describe('the free-text normaliser', () => {
	it('NFC-normalises: a decomposed é is stored composed, and counts as one character', () => {
		expect(parse(oneLine, { v: 'Cafe\u0301 de Zon' }).v).toBe('Café de Zon');
		expect(parse(z.object({ v: text('Omschrijving', 1, 4) }), { v: 'e\u0301e\u0301e\u0301e\u0301' }).v).toBe(
			'éééé'
		);
		expect(normaliseText('A\u030a')).toBe('Å');
	});

	for (const [name, ch] of [
		['NUL', '\u0000'],
		['ESC', '\u001b'],
		['DEL', '\u007f'],
		['NEL (C1)', '\u0085'],
		['CSI (C1)', '\u009b'],
		['vertical tab', '\u000b'],
		['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
		['LEFT-TO-RIGHT EMBEDDING', '\u202a'],
		['RIGHT-TO-LEFT ISOLATE', '\u2067'],
		['POP DIRECTIONAL ISOLATE', '\u2069']
	] as const) {
		it(`refuses ${name} with a Dutch message naming the field, in every free-text schema`, () => {
			for (const schema of [oneLine, multiLine, optional]) {
				const e = thrown(() => parse(schema, { v: `abc${ch}def` }));
				expect(e).toBeInstanceOf(ValidationError);
				expect((e as ValidationError).message).toContain(REFUSED);
				expect((e as ValidationError).fields.v).toContain(REFUSED);
			}
			expect(hasRefusedChars(`x${ch}`)).toBe(true);
		});
	}

	it('drops the invisible direction marks (LRM, RLM, ALM) without refusing', () => {
		expect(parse(oneLine, { v: '\u200eAmsterdam\u200f\u061c' }).v).toBe('Amsterdam');
	});

	it('keeps tab and newline in a multi-line field, with every line break as LF', () => {
		expect(parse(multiLine, { v: 'regel 1\r\nregel 2\rregel 3\u2028kolom\tA' }).v).toBe(
			'regel 1\nregel 2\nregel 3\nkolom\tA'
		);
	});

	it('turns tab and line breaks into a space in a one-line field', () => {
		// A browser strips line breaks from a one-line input itself, and a tab pasted from a
		// spreadsheet is plain whitespace: a space keeps the value on one line without bouncing an
		// honest user for a character they cannot see.
		expect(parse(oneLine, { v: 'Zaal 1\r\nDESCRIPTION:x\rY\tZ\u2029W' }).v).toBe(
			'Zaal 1 DESCRIPTION:x Y Z W'
		);
		expect(parse(optional, { v: '\tStadhuis\n' }).v).toBe('Stadhuis');
	});

	it('leaves ordinary text, emoji and non-Latin scripts alone', () => {
		const v = 'Aydın Öztürk – שלום مرحبا 会議 👩‍👧';
		expect(parse(oneLine, { v }).v).toBe(v);
		expect(hasRefusedChars(v)).toBe(false);
	});
});

describe('hostile text in a form changes nothing', () => {
	it('a signal whose description holds U+202E is refused, and no signal or log row is stored', () => {
		const db = freshDb();
		const b = builder(db);
		const org = b.org({ municipality: 'Teststad' });
		const melder = b.person({ roles: ['reporter'], org });
		const logBefore = db.select({ n: count() }).from(accessLog).get()!.n;
		const e = thrown(() =>
			signals.submit(db, b.ctx(melder), {
				description: 'Man aan de balie \u202eetsiwgeR\u202c hield haar paspoort vast.',
				locationKind: 'other',
				forms: ['sexual'],
				indicators: [],
				urgency: 'high',
				municipality: 'Teststad'
			})
		);
		expect(e).toBeInstanceOf(ValidationError);
		expect((e as ValidationError).fields.description).toMatch(
			/^Het veld ‘Wat heeft u gezien of gehoord\?’ bevat tekens/
		);
		expect(db.select({ n: count() }).from(signal).get()!.n).toBe(0);
		expect(db.select({ n: count() }).from(accessLog).get()!.n).toBe(logBefore);
	});

	it('a decision whose text holds NUL or ESC is refused, and no decision is stored', () => {
		const db = freshDb();
		const b = builder(db);
		const zt = b.table({ kind: 'zorgtafel' });
		const chair = b.person({ domain: 'zorg' });
		b.member(zt, chair, 'chair');
		const mt = b.meeting({ table: zt, status: 'published', createdBy: chair });
		for (const bad of ['Besluit\u0000verborgen', 'Besluit \u001b[2J gewist']) {
			const e = thrown(() => decisions.recordDecision(db, b.ctx(chair), mt.id, { kind: 'other', text: bad }));
			expect(e).toBeInstanceOf(ValidationError);
			expect((e as ValidationError).fields.text).toMatch(/^Het veld ‘Besluit’ bevat tekens/);
		}
		expect(db.select({ n: count() }).from(decision).get()!.n).toBe(0);
		// The same text, clean and in decomposed form, is stored composed, newlines kept.
		const ok = decisions.recordDecision(db, b.ctx(chair), mt.id, {
			kind: 'other',
			text: 'Cafe\u0301 sluiten.\r\nDaarna evalueren.'
		});
		expect(ok.text).toBe('Café sluiten.\nDaarna evalueren.');
	});
});

describe('access-log details', () => {
	it('show control and bidi characters as visible code points, never raw', async () => {
		const { openMemory } = await import('../../src/lib/server/db');
		const audit = await import('../../src/lib/server/audit');
		const db = openMemory();
		audit.record(
			db,
			{ userId: null, action: 'search', objectType: 'case', detail: 'q=abc\u202Edef\u0000\u001b' },
			new Date('2026-12-01T10:00:00Z')
		);
		const [row] = audit.list(db, {});
		expect(row.detail).toBe('q=abc[U+202E]def[U+0000][U+001B]');
	});
});
