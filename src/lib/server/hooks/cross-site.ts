import type { Handle } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getDb } from '../db';
import * as audit from '../audit';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Refuses state-changing requests from another origin and logs the refusal. As strict as
 * SvelteKit's own check (a form post must carry our Origin), and it also refuses any other
 * content type whose Origin is foreign.
 */
export const crossSite: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (UNSAFE.has(request.method)) {
		const origin = request.headers.get('origin');
		const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const isForm = FORM_TYPES.includes(type);
		// With `Referrer-Policy: no-referrer`, Chromium sends `Origin: null` on plain form posts;
		// Fetch Metadata (not governed by the referrer policy) then tells whether it came from us.
		const sameSite =
			origin === url.origin || (origin === 'null' && request.headers.get('sec-fetch-site') === 'same-origin');
		const foreign = !sameSite && (isForm || origin !== null);
		if (foreign) {
			audit.record(
				getDb(),
				{
					userId: event.locals.actor?.id ?? null,
					action: 'denied',
					objectType: 'request',
					objectId: url.pathname,
					clientAddress: event.locals.clientAddress,
					detail: `cross-site ${request.method} van ${origin ?? 'onbekend'}`
				},
				event.locals.now
			);
			return new Response(m.err_cross_site(), {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		}
	}
	return resolve(event);
};
