/**
 * Optimistic concurrency for edit forms (no silent overwrite). Every edit form carries the version
 * of the object it was loaded with (hidden field `version`); a save whose version is not the
 * stored one is refused with a StaleError that says who changed the object, when, and which of the
 * form's fields differ now, and the form keeps the user's input. A save that passes bumps the
 * version inside the same transaction as the change.
 */
import { m } from '../paraglide/messages.js';
import { StaleError, ValidationError } from './errors';
import { dutchDateTime } from '../dates';

/** The version a form was loaded with, as posted; a form without one is refused (not guessed). */
export function postedVersion(raw: unknown): number {
	const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).version : undefined;
	const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
	if (!Number.isSafeInteger(n) || n < 1) throw new ValidationError(m.err_stale_version_missing());
	return n;
}

export interface Meanwhile {
	/** Who saved the stored version, if known. */
	by: string | null;
	/** When it was saved, if known. */
	at: Date | null;
	/** Labels of the form's fields whose stored value differs from what this form was showing. */
	fields: string[];
}

/**
 * Refuses the save when `current` is not the posted version. `meanwhile` is asked only then, so a
 * page pays nothing for the check when there is no conflict.
 */
export function expectVersion(raw: unknown, current: number, meanwhile: () => Meanwhile): void {
	const posted = postedVersion(raw);
	if (posted === current) return;
	const w = meanwhile();
	throw new StaleError(
		m.err_stale({
			who: w.by ?? m.err_stale_unknown_person(),
			when: w.at ? dutchDateTime(w.at) : '—',
			fields: w.fields.length ? w.fields.join(', ') : m.err_stale_fields_unknown()
		})
	);
}

/**
 * The labels of the fields whose stored value differs from the submitted one: what the user would
 * overwrite (or has to look at again) if they saved their input as it stands.
 */
export function differingFields(
	stored: Record<string, unknown>,
	submitted: Record<string, unknown>,
	labels: Record<string, string>
): string[] {
	const norm = (v: unknown): string =>
		typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
			? String(v)
			: Array.isArray(v)
				? (v as unknown[]).map(norm).sort().join(',')
				: '';
	return Object.keys(labels)
		.filter((k) => k in submitted && norm(stored[k]) !== norm(submitted[k]))
		.map((k) => labels[k]);
}
