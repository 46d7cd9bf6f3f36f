/**
 * Form bodies checked before a route parses them (issue 14): a url-encoded post with more fields
 * than FORM_LIMITS allows (a 50,000-field post would otherwise hold the event loop for seconds), a
 * multipart body that cannot be parsed (a broken boundary), and a body past BODY_SIZE_LIMIT are
 * refused as a Dutch 413 or 400 instead of a 500 with a stack trace. Nothing is changed: the
 * refusal is the error the route's `request.formData()` throws, so the action stops before it
 * does anything, and SvelteKit answers with the app's own error page (or, for `use:enhance`, the
 * action's JSON error) with that status.
 */
import { error, type Handle } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { FORM_LIMITS } from '../validation';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

type Refusal = { status: 400 | 413; message: string };

/** Fields of a url-encoded body (non-empty `&`-separated parts, as URLSearchParams counts), stopping past `max`. */
function countFields(body: string, max: number): number {
	let count = 0;
	let start = 0;
	while (start <= body.length && count <= max) {
		let end = body.indexOf('&', start);
		if (end === -1) end = body.length;
		if (end > start) count++;
		start = end + 1;
	}
	return count;
}

/** A failed body read: past BODY_SIZE_LIMIT (adapter-node's stream errors with status 413), or broken. */
function readFailure(e: unknown): Refusal {
	const status = (e as { status?: unknown } | null)?.status;
	return status === 413
		? { status: 413, message: m.err_form_too_large() }
		: { status: 400, message: m.err_form_broken() };
}

async function inspect(request: Request, type: string): Promise<Refusal | null> {
	if (type === URLENCODED) {
		let body: string;
		try {
			body = await request.clone().text();
		} catch (e) {
			return readFailure(e);
		}
		if (countFields(body, FORM_LIMITS.fields) > FORM_LIMITS.fields) {
			return { status: 413, message: m.err_form_too_many_fields() };
		}
		return null;
	}
	// Multipart: parsed once here to find a broken body (the route parses it again; such forms
	// are small and rare here).
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch (e) {
		return readFailure(e);
	}
	let count = 0;
	for (const _ of form.keys()) {
		if (++count > FORM_LIMITS.fields) return { status: 413, message: m.err_form_too_many_fields() };
	}
	return null;
}

/** Makes the request's `formData()` throw the refusal (an HttpError with a Dutch message). */
function refuse(request: Request, refusal: Refusal) {
	const formData = async (): Promise<FormData> => error(refusal.status, { message: refusal.message });
	Object.defineProperty(request, 'formData', { configurable: true, value: formData });
}

export const checkBodies: Handle = async ({ event, resolve }) => {
	const { request } = event;
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (WITH_BODY.has(request.method) && request.body && (type === URLENCODED || type === MULTIPART)) {
		const refusal = await inspect(request, type);
		if (refusal) refuse(request, refusal);
	}
	return resolve(event);
};

/**
 * For `handleError`: the Dutch message of a body SvelteKit itself refused outside a form (over
 * BODY_SIZE_LIMIT, 413; unreadable, 400; no form where an action expects one, 415) — an expected
 * answer, not worth a stack trace in the log.
 */
export function expectedBodyError(status: number): { message: string } | undefined {
	if (status === 413) return { message: m.err_request_too_large() };
	if (status === 400 || status === 415) return { message: m.err_request_invalid() };
	return undefined;
}
