/**
 * Dates and times, in one place. People in the Netherlands type and read Dutch local dates and
 * times; the database keeps instants (UTC milliseconds) and ISO calendar dates (`YYYY-MM-DD`, the
 * Dutch calendar date). Pure and shared by server and pages; the current moment is always passed
 * in (the request's clock), never read here.
 */

const isoDateInAmsterdam = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** The calendar date of a moment in the Netherlands (dates typed by users are Dutch dates). */
export function dutchDate(now: Date): string {
	return isoDateInAmsterdam.format(now);
}

/** "1 december 2026, 14:05" style for messages (same as formatDateTime). */
export function dutchDateTime(value: Date): string {
	return formatDateTime(value);
}

const amsterdamClock = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Amsterdam',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** Year, month, day, hour and minute of a moment on the Dutch wall clock, as two-digit strings. */
function amsterdamParts(date: Date): Record<string, string> {
	return Object.fromEntries(amsterdamClock.formatToParts(date).map((p) => [p.type, p.value]));
}

/** The UTC instant of a local date-time in Europe/Amsterdam (`YYYY-MM-DDTHH:mm`). */
export function amsterdamToUtc(local: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!match) return null;
	const [, y, mo, d, h, mi] = match.map(Number);
	const guess = Date.UTC(y, mo - 1, d, h, mi);
	const offsetAt = (t: number) => {
		const parts = amsterdamParts(new Date(t));
		return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - t;
	};
	let t = guess - offsetAt(guess);
	t = guess - offsetAt(t);
	const back = new Date(t);
	return Number.isNaN(back.getTime()) || back.getUTCFullYear() !== y ? null : back;
}

/** `YYYY-MM-DDTHH:mm` in Dutch time, for a datetime-local input. */
export function utcToAmsterdamInput(date: Date): string {
	const p = amsterdamParts(date);
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/Amsterdam'
});
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

/** "28 november 2026" for a Date or an ISO date string. */
export function formatDate(value: Date | string | number | null | undefined): string {
	if (value == null || value === '') return '';
	const d =
		typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
			? new Date(`${value}T12:00:00Z`)
			: new Date(value);
	return Number.isNaN(d.getTime()) ? '' : dateFormat.format(d);
}

/** "28 nov 2026, 15:12" in Dutch time. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
	if (value == null || value === '') return '';
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? '' : dateTimeFormat.format(d);
}

/** Age in whole years on a date (both ISO dates). */
export function ageOn(dateOfBirth: string, onDate: string): number {
	const [by, bm, bd] = dateOfBirth.split('-').map(Number);
	const [y, mo, d] = onDate.split('-').map(Number);
	return y - by - (mo < bm || (mo === bm && d < bd) ? 1 : 0);
}

/** Days from `today` to `date` (negative when past). */
export function daysUntil(date: string, today: string): number {
	return Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000);
}
