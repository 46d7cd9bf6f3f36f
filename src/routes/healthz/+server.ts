import { getDb } from '$lib/server/db';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/** 200 when the database answers; used by deployments and the test runner. No auth, no data. */
export const GET: RequestHandler = () => {
	try {
		getDb().$client.prepare('select 1').get();
		return new Response('ok', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
	} catch {
		return new Response(m.health_db_unreachable(), {
			status: 503,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
};
