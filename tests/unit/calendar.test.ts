/**
 * Calendar files are read by mail and phone calendars that honour more line breaks than CRLF. A
 * crafted place, table name or video link must never end its content line and add properties
 * (a DESCRIPTION, an alarm) of its own: every value is escaped, controls are dropped, and long
 * lines are folded at 75 octets without splitting a UTF-8 sequence.
 */
import { describe, expect, it } from 'vitest';
import * as calendar from '../../src/lib/server/calendar';
import { builder } from '../support/build';
import { freshDb } from './helpers';

const NOW = new Date('2026-11-02T09:00:00Z');
const ORIGIN = 'https://ketentafel.example';

function meeting(over: { place?: string | null; tableName?: string; videoLink?: string | null } = {}) {
	return {
		id: 7,
		startsAt: new Date('2026-11-10T13:00:00Z'),
		durationMinutes: 90,
		place: 'Stadhuis, zaal 2',
		videoLink: null,
		status: 'published' as const,
		tableName: 'Zorgtafel Noord',
		...over
	};
}

/** Physical lines: split on every break a lenient reader might honour, after RFC unfolding. */
function contentLines(body: string): string[] {
	return (
		body
			.replace(/\r\n[ \t]/g, '')
			// eslint-disable-next-line no-control-regex
			.split(/\r\n|[\r\n\u0085\u2028\u2029\u000b\u000c]/)
			.filter((l) => l !== '')
	);
}

const names = (body: string) => contentLines(body).map((l) => l.split(/[:;]/, 1)[0]);

/** The value of a property, unescaped (RFC 5545 §3.3.11). */
function value(body: string, name: string): string | undefined {
	const line = contentLines(body).find((l) => l.startsWith(`${name}:`));
	return line
		?.slice(name.length + 1)
		.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const EXPECTED = [
	'BEGIN',
	'VERSION',
	'PRODID',
	'CALSCALE',
	'METHOD',
	'X-WR-CALNAME',
	'BEGIN',
	'UID',
	'DTSTAMP',
	'DTSTART',
	'DTEND',
	'SUMMARY',
	'STATUS',
	'URL',
	'LOCATION',
	'DESCRIPTION',
	'END',
	'END'
];

const crafted = (brk: string) =>
	`Zaal 1${brk}DESCRIPTION:nep${brk}BEGIN:VALARM${brk}TRIGGER:-PT5M${brk}END:VALARM`;

describe('calendar files resist injection', () => {
	it('a plain meeting has exactly the expected properties', () => {
		expect(names(calendar.ics([meeting()], NOW, ORIGIN, 'Zorgtafel Noord'))).toEqual(EXPECTED);
	});

	for (const [label, brk] of [
		['CR', '\r'],
		['LF', '\n'],
		['CRLF', '\r\n'],
		['NEL (U+0085)', '\u0085'],
		['LINE SEPARATOR (U+2028)', '\u2028'],
		['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
		['vertical tab', '\u000b'],
		['form feed', '\u000c']
	] as const) {
		it(`a ${label} in the place adds no line, and the text survives escaped`, () => {
			const body = calendar.ics([meeting({ place: crafted(brk) })], NOW, ORIGIN, 'Zorgtafel Noord');
			expect(names(body)).toEqual(EXPECTED);
			const location = value(body, 'LOCATION') ?? '';
			for (const part of ['Zaal 1', 'DESCRIPTION:nep', 'BEGIN:VALARM', 'TRIGGER:-PT5M', 'END:VALARM'])
				expect(location).toContain(part);
			// Every physical line ends in CRLF and holds no other control character.
			// eslint-disable-next-line no-control-regex
			expect(body.split('\r\n').every((l) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(l))).toBe(true);
		});
	}

	it('escapes backslash, semicolon and comma, and drops NUL, ESC, DEL and bidi overrides', () => {
		const body = calendar.ics(
			[meeting({ place: 'A\\B;C,D\u0000E\u001bF\u007fG\u202eH\u2066I\u200fJ' })],
			NOW,
			ORIGIN,
			'Zorgtafel Noord'
		);
		expect(contentLines(body)).toContain('LOCATION:A\\\\B\\;C\\,DEFGHIJ');
	});

	it('guards every property that carries user text: summary, calendar name, video link', () => {
		const body = calendar.ics(
			[meeting({ tableName: crafted('\r'), videoLink: `https://video.example/x\rBEGIN:VALARM` })],
			NOW,
			ORIGIN,
			crafted('\r')
		);
		expect(names(body)).toEqual(EXPECTED);
		expect(value(body, 'SUMMARY')).toContain('BEGIN:VALARM');
		expect(value(body, 'X-WR-CALNAME')).toContain('BEGIN:VALARM');
		expect(value(body, 'DESCRIPTION')).toContain('https://video.example/x');
	});

	it('URL and UID stay plain, unescaped values', () => {
		const body = calendar.ics([meeting()], NOW, 'https://ketentafel.example', 'x');
		expect(value(body, 'URL')).toBe('https://ketentafel.example/meetings/7');
		expect(value(body, 'UID')).toBe('overleg-7@ketentafel.example');
	});

	it('folds long lines at 75 octets without splitting a UTF-8 sequence, and unfolds to the value', () => {
		const place = 'Zaal Ærøskøbing – 会議室 😀 '.repeat(8).trim();
		const body = calendar.ics([meeting({ place })], NOW, ORIGIN, 'Zorgtafel Noord');
		const physical = body.split('\r\n');
		expect(physical.at(-1)).toBe('');
		expect(physical.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
		expect(physical.some((l) => l.startsWith(' '))).toBe(true);
		expect(physical.join('\n')).not.toContain('\uFFFD');
		expect(value(body, 'LOCATION')).toBe(place);
	});

	it('a place stored with a lone CR (older data) adds no line to the invitation or the personal feed', () => {
		const db = freshDb();
		const b = builder(db);
		const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Noord' });
		const anna = b.person({ domain: 'zorg' });
		b.member(zt, anna, 'member');
		const mt = b.meeting({ table: zt, status: 'published', createdBy: anna, place: crafted('\r') });
		const invite = calendar.invitation(db, b.ctx(anna), mt.id, ORIGIN);
		expect(names(invite)).toEqual(EXPECTED);
		const token = calendar.createFeed(db, anna.id, NOW);
		const feed = calendar.feedFor(db, token, NOW, ORIGIN, null)!;
		expect(names(feed)).toEqual(EXPECTED);
		expect(value(feed, 'LOCATION')).toContain('BEGIN:VALARM');
	});
});
