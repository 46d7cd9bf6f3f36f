/**
 * Calendar files (RFC 5545): one meeting as an invitation, and a personal feed of all of a
 * person's meetings at a secret, revocable URL. Calendar files carry the table, time and place
 * only — never case content, since they end up in mail and phone calendars.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { calendarFeed, deliberationTable, meeting, type Meeting } from './db/schema';
import * as actors from './actors';
import * as audit from './audit';
import type { Ctx } from './context';
import * as meetings from './meetings';
import { inCalendarFeed, meetingScope } from './policy';

type CalendarMeeting = Pick<
	Meeting,
	'id' | 'startsAt' | 'durationMinutes' | 'place' | 'videoLink' | 'status'
> & { tableName: string };

function stamp(d: Date): string {
	return d
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** Every line break a calendar reader might honour: CRLF, lone CR or LF, NEL, U+2028, U+2029. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
/**
 * Characters that never belong in a property value: C0 and C1 controls, DEL, and the invisible
 * bidirectional formatting characters (embeddings, overrides, isolates, marks) that can make a
 * value display differently from what it is. LF is left to the callers, which have already turned
 * every line break into it.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): line breaks of any kind become the two characters
 * `\n`, backslash, `;` and `,` are escaped, and every other control character is dropped, so a
 * value can never end its content line or start another one.
 */
function escapeText(value: string): string {
	return value
		.normalize('NFC')
		.replace(LINE_BREAKS, '\n')
		.replace(/\t/g, ' ')
		.replace(FORBIDDEN, '')
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\n/g, '\\n');
}

/** A value that is not TEXT (a URI, an id): controls and whitespace are dropped, nothing escaped. */
function plain(value: string): string {
	return value.replace(LINE_BREAKS, '').replace(FORBIDDEN, '').replace(/\s/g, '');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
	const bytes = Buffer.from(line, 'utf8');
	if (bytes.length <= 75) return line;
	const parts: string[] = [];
	let start = 0;
	while (start < bytes.length) {
		let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
		// Never split a UTF-8 sequence.
		while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
		parts.push(bytes.subarray(start, end).toString('utf8'));
		start = end;
	}
	return parts.join('\r\n ');
}

function event(x: CalendarMeeting, now: Date, origin: string): string[] {
	const end = new Date(x.startsAt.getTime() + x.durationMinutes * 60_000);
	const lines = [
		'BEGIN:VEVENT',
		`UID:${plain(`overleg-${x.id}@${new URL(origin).hostname}`)}`,
		`DTSTAMP:${stamp(now)}`,
		`DTSTART:${stamp(x.startsAt)}`,
		`DTEND:${stamp(end)}`,
		`SUMMARY:${escapeText(x.tableName)}`,
		`STATUS:${x.status === 'draft' ? 'TENTATIVE' : 'CONFIRMED'}`,
		`URL:${plain(`${origin}/meetings/${x.id}`)}`
	];
	if (x.place) lines.push(`LOCATION:${escapeText(x.place)}`);
	const description = [m.ics_description(), x.videoLink ? m.ics_video({ link: x.videoLink }) : '']
		.filter(Boolean)
		.join('\n');
	lines.push(`DESCRIPTION:${escapeText(description)}`);
	lines.push('END:VEVENT');
	return lines;
}

/** A calendar file with the given meetings. */
export function ics(meetings: CalendarMeeting[], now: Date, origin: string, name: string): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Ketentafel//Overleggen//NL',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(name)}`,
		...meetings.flatMap((x) => event(x, now, origin)),
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * One meeting as a calendar invitation for a member who may see it. It carries no case content;
 * the download is noted as an export of the meeting.
 */
export function invitation(db: DbOrTx, ctx: Ctx, meetingId: number, origin: string): string {
	const row = meetings.visible(db, ctx, meetingId);
	audit.viewed(ctx, { action: 'export', objectType: 'meeting', objectId: meetingId, detail: 'uitnodiging' });
	return ics([row], ctx.now, origin, row.tableName);
}

function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Creates a personal feed (revoking any earlier one) and returns its secret token. */
export function createFeed(db: DbOrTx, userId: number, now: Date): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	db.transaction((tx) => {
		revokeFeeds(tx, userId, now);
		tx.insert(calendarFeed)
			.values({ userId, tokenHash: hashToken(token), createdAt: now })
			.run();
		audit.record(tx, { userId, action: 'create', objectType: 'calendar_feed', objectId: userId }, now);
	});
	return token;
}

/** Revokes every feed of a user. */
export function revokeFeeds(db: DbOrTx, userId: number, now: Date): void {
	db.update(calendarFeed)
		.set({ revokedAt: now })
		.where(and(eq(calendarFeed.userId, userId), isNull(calendarFeed.revokedAt)))
		.run();
}

/** Whether the user has a live feed. */
export function hasFeed(db: DbOrTx, userId: number): boolean {
	return !!db
		.select({ id: calendarFeed.id })
		.from(calendarFeed)
		.where(and(eq(calendarFeed.userId, userId), isNull(calendarFeed.revokedAt)))
		.get();
}

/**
 * The feed for a token: the meetings (not drafts) of the owner's active tables; null when unknown
 * or revoked. Calendar apps fetch it without a session, so there is no request context: the token
 * is the credential, and the fetch or refusal is logged at once, at `now` (the request's time).
 */
export function feedFor(
	db: DbOrTx,
	token: string,
	now: Date,
	origin: string,
	clientAddress: string | null
): string | null {
	if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
	const feed = db
		.select()
		.from(calendarFeed)
		.where(eq(calendarFeed.tokenHash, hashToken(token)))
		.get();
	if (!feed || feed.revokedAt) {
		audit.record(
			db,
			{
				userId: feed?.userId ?? null,
				action: 'denied',
				objectType: 'calendar_feed',
				clientAddress,
				detail: feed ? 'ingetrokken' : 'onbekend'
			},
			now
		);
		return null;
	}
	const actor = actors.load(db, feed.userId);
	if (!actor) return null;
	const tableIds = meetingScope(actor);
	const rows = tableIds.length
		? db
				.select({
					id: meeting.id,
					tableId: meeting.tableId,
					startsAt: meeting.startsAt,
					durationMinutes: meeting.durationMinutes,
					place: meeting.place,
					videoLink: meeting.videoLink,
					status: meeting.status,
					tableName: deliberationTable.name
				})
				.from(meeting)
				.innerJoin(deliberationTable, eq(deliberationTable.id, meeting.tableId))
				.where(and(inArray(meeting.tableId, tableIds), ne(meeting.status, 'draft')))
				.all()
				.filter((r) => inCalendarFeed(actor, r))
		: [];
	audit.record(
		db,
		{
			userId: feed.userId,
			action: 'export',
			objectType: 'calendar_feed',
			objectId: feed.userId,
			clientAddress,
			detail: `${rows.length} overleggen`
		},
		now
	);
	return ics(rows, now, origin, m.ics_feed_name());
}
