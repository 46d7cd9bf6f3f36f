import type { Handle } from '@sveltejs/kit';
import { getDb } from '../db';
import * as audit from '../audit';

/**
 * The one place views are logged (DESIGN.md §3.6): after the page, data response or export has
 * been rendered and before it leaves, the views its domain reads noted in the request's ledger are
 * written in one transaction. If that write fails, the content is not sent: a view that is not in
 * the log did not happen. Failed responses (4xx/5xx) showed no content and log no view.
 */
export const recordViews: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const ctx = event.locals.ctx;
	if (!ctx || ctx.views.size === 0) return response;
	if (response.status >= 400) {
		ctx.views.drain();
		return response;
	}
	audit.flushViews(getDb(), ctx);
	return response;
};
