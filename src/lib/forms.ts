/**
 * Form results shared by server and pages. Every failed form action names its form, so a page
 * with several forms shows each form only its own errors and echoed values.
 */
export interface FormFailure {
	form: string;
	message: string;
	fields: Record<string, string>;
	values: Record<string, unknown>;
	/** The save was made from an older version; the input is kept for another try. */
	stale: boolean;
}

/** The failure of one named form, or null when the last result belongs to another form. */
export function failureOf(result: unknown, form: string): FormFailure | null {
	if (!result || typeof result !== 'object') return null;
	const r = result as Partial<FormFailure>;
	return r.form === form && typeof r.message === 'string' ? (r as FormFailure) : null;
}

/** An echoed value of a failed form as text (for `value=`), or the fallback. */
export function echoed(
	failure: FormFailure | null,
	field: string,
	fallback: string | number | null | undefined = ''
): string {
	const v = failure?.values[field];
	if (typeof v === 'string' || typeof v === 'number') return String(v);
	if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(',');
	return fallback === null || fallback === undefined ? '' : String(fallback);
}
