/**
 * Shared pieces for input schemas: Dutch messages from the catalogue, trimmed text with length
 * bounds, and a parse that turns zod issues into a ValidationError with one message per field.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { ValidationError } from './errors';

/**
 * Characters refused in free text: C0 controls other than tab, LF and CR (NUL, ESC, …), DEL, the C1
 * controls (U+0080–U+009F, NEL among them), and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which can make stored text display reversed or
 * reordered (in the auditor's log, in a PDF). They never come from honest typing, so the input is
 * refused with a message rather than changed behind the user's back.
 */
// eslint-disable-next-line no-control-regex
const REFUSED_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** The invisible direction marks (LRM, RLM, ALM): they reorder nothing on their own and are dropped. */
const DROPPED_MARKS = /[\u200e\u200f\u061c]/g;
/** Every way of writing a line break a browser or a paste may send: CRLF, CR, U+2028, U+2029. */
const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/g;

export interface TextOptions {
	/** A multi-line field (a textarea): tab and newline are kept. Otherwise they become a space. */
	multiline?: boolean;
}

/** Whether free text holds a character that is refused (see REFUSED_CHARS). */
export function hasRefusedChars(value: string): boolean {
	return REFUSED_CHARS.test(value);
}

/**
 * The one normaliser for free text: NFC, every line break as LF, the invisible direction marks
 * dropped, and in one-line fields each tab or line break turned into a space (browsers already
 * strip line breaks from one-line inputs; a pasted tab is whitespace, not an attack, so it is not
 * worth a refusal). Refused characters are not touched here: check `hasRefusedChars` first, or use
 * `text`/`optionalText`, which do both.
 */
export function normaliseText(value: string, options: TextOptions = {}): string {
	const v = value.normalize('NFC').replace(LINE_BREAKS, '\n').replace(DROPPED_MARKS, '');
	return options.multiline ? v : v.replace(/[\t\n]/g, ' ');
}

/** A string schema that refuses control and bidi-override characters and normalises the rest. */
function freeText(label: string, options: TextOptions, error?: string) {
	return z
		.string(error === undefined ? undefined : { error })
		.refine((v) => !hasRefusedChars(v), { error: m.err_forbidden_chars({ label }) })
		.overwrite((v) => normaliseText(v, options));
}

/**
 * Trimmed, normalised text between min and max characters, with messages naming the field. Pass
 * `{ multiline: true }` for a textarea.
 */
export function text(label: string, min: number, max: number, options: TextOptions = {}) {
	return freeText(label, options, m.err_required({ label }))
		.trim()
		.min(1, { error: m.err_required({ label }) })
		.min(min, { error: m.err_too_short({ label, min }) })
		.max(max, { error: m.err_too_long({ label, max }) });
}

/** Optional trimmed, normalised text: empty becomes null. Pass `{ multiline: true }` for a textarea. */
export function optionalText(label: string, max: number, options: TextOptions = {}) {
	return freeText(label, options)
		.trim()
		.max(max, { error: m.err_too_long({ label, max }) })
		.nullish()
		.transform((v) => (v ? v : null));
}

/** A positive integer id from a form field. */
export function id(label: string) {
	return z.coerce
		.number({ error: m.err_choose({ label }) })
		.int({ error: m.err_choose({ label }) })
		.positive({ error: m.err_choose({ label }) });
}

/** An ISO calendar date (YYYY-MM-DD) that exists. */
export function isoDate(label: string) {
	return z
		.string({ error: m.err_required({ label }) })
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: m.err_date_format({ label }) })
		.refine(
			(v) => {
				const d = new Date(`${v}T00:00:00Z`);
				return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
			},
			{ error: m.err_date_invalid({ label }) }
		);
}

/** One value of a fixed list, with a message naming the field. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, label: string) {
	return z.enum(values, { error: m.err_unknown_value({ label }) });
}

/** An email address, lower-cased. */
export function email() {
	return z
		.string({ error: m.err_required({ label: m.field_email() }) })
		.trim()
		.toLowerCase()
		.min(1, { error: m.err_required({ label: m.field_email() }) })
		.max(254, { error: m.err_too_long({ label: m.field_email(), max: 254 }) })
		.pipe(z.email({ error: m.err_email() }));
}

/** Parses input or throws a ValidationError whose fields carry the first message per field. */
export function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
	const result = schema.safeParse(raw);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.join('.') || '_';
		fields[key] ??= issue.message;
	}
	throw new ValidationError(Object.values(fields)[0] ?? m.err_invalid_input(), fields);
}

/**
 * Caps per form, far above any real form here and below BODY_SIZE_LIMIT: the number of fields and
 * the total text of names and values (characters). A form past them is refused as a whole.
 */
export const FORM_LIMITS = { fields: 1000, textChars: 500_000 } as const;

/** The refusal of a form past FORM_LIMITS: a Dutch 413 (SvelteKit's HttpError; nothing changes). */
export function formTooLarge(reason: 'fields' | 'size'): never {
	error(413, { message: reason === 'fields' ? m.err_form_too_many_fields() : m.err_form_too_large() });
}

/**
 * A FormData as a plain object in one pass; the named repeated fields (checkboxes) become arrays,
 * other fields keep their first text value, files are left out. Past FORM_LIMITS: formTooLarge.
 */
export function formObject(form: FormData, multi: readonly string[] = []): Record<string, unknown> {
	const lists = new Set(multi);
	const out: Record<string, unknown> = {};
	for (const key of lists) out[key] = [];
	let count = 0;
	let chars = 0;
	for (const [key, value] of form.entries()) {
		if (++count > FORM_LIMITS.fields) formTooLarge('fields');
		chars += key.length + (typeof value === 'string' ? value.length : 0);
		if (chars > FORM_LIMITS.textChars) formTooLarge('size');
		if (lists.has(key)) {
			if (typeof value === 'string') (out[key] as string[]).push(value);
		} else if (!Object.hasOwn(out, key) || out[key] === undefined) {
			out[key] = typeof value === 'string' ? value : undefined;
		}
	}
	return out;
}

/** One text field of a form ('' when missing or a file). */
export function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** An optional value of a fixed list: empty or missing becomes null; anything else must be valid. */
export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T, label: string) {
	return z
		.preprocess(blankToUndefined, oneOf(values, label).optional())
		.optional()
		.transform((v) => v ?? null);
}

/** An optional id: empty or missing becomes null. */
export function optionalId(label: string) {
	return z
		.preprocess(blankToUndefined, id(label).optional())
		.optional()
		.transform((v) => v ?? null);
}

/** An optional ISO date: empty or missing becomes null. */
export function optionalDate(label: string) {
	return z
		.preprocess(
			(v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)),
			isoDate(label).optional()
		)
		.optional()
		.transform((v) => v ?? null);
}
