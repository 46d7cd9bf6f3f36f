import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as calendar from '$lib/server/calendar';
import { origin } from '$lib/server/config';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/**
 * A personal calendar feed. Calendar apps fetch it without a session, so the secret token in the
 * URL is the credential; it is revocable, checked first, and every fetch or refusal is logged.
 */
export const GET: RequestHandler = (event) => {
	const body = calendar.feedFor(
		getDb(),
		event.params.token,
		event.locals.now,
		origin(),
		event.locals.clientAddress
	);
	if (body === null) error(404, { message: m.err_not_found() });
	return new Response(body, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });
};
