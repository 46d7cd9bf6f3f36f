/**
 * Shared pieces for input schemas: Dutch messages from the catalogue, trimmed text with length
 * bounds, and a parse that turns zod issues into a ValidationError with one message per field.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { ValidationError } from './errors';

/** Trimmed text between min and max characters, with messages naming the field. */
export function text(label: string, min: number, max: number) {
	return z
		.string({ error: m.err_required({ label }) })
		.trim()
		.min(1, { error: m.err_required({ label }) })
		.min(min, { error: m.err_too_short({ label, min }) })
		.max(max, { error: m.err_too_long({ label, max }) });
}

/** Optional trimmed text: empty becomes null. */
export function optionalText(label: string, max: number) {
	return z
		.string()
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

/** A FormData as a plain object; the named repeated fields (checkboxes) become arrays. */
export function formObject(form: FormData, multi: readonly string[] = []): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
		out[key] = multi.includes(key) ? values : values[0];
	}
	for (const key of multi) out[key] ??= [];
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
		.preprocess((v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)), isoDate(label).optional())
		.optional()
		.transform((v) => v ?? null);
}
