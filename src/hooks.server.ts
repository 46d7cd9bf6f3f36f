import { sequence } from '@sveltejs/kit/hooks';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { closeDb, getDb } from '$lib/server/db';
import { demoMode } from '$lib/server/config';
import * as seed from '$lib/server/seed';
import * as jobs from '$lib/server/jobs';
import { startAppCollab } from '$lib/server/collab';
import { securityHeaders } from '$lib/server/hooks/security-headers';
import { authenticate } from '$lib/server/hooks/authenticate';
import { crossSite } from '$lib/server/hooks/cross-site';
import { recordViews } from '$lib/server/hooks/access-log';
import { checkBodies, expectedBodyError } from '$lib/server/hooks/bodies';
import { m } from '$lib/paraglide/messages.js';

/** Migrates the database once at start-up and, in demo mode, fills an empty one. */
export const init: ServerInit = async () => {
	const db = getDb();
	if (demoMode() && seed.isEmpty(db)) {
		await seed.demo(db, new Date());
		seed.printAccounts();
	} else if (demoMode()) {
		seed.printAccounts();
	}
	jobs.startDaily(db);
	startAppCollab();
	(globalThis as { __ketentafelShutdown?: () => void }).__ketentafelShutdown = closeDb;
};

export const handle = sequence(securityHeaders, authenticate, crossSite, checkBodies, recordViews);

/** Unexpected errors: log a reference, never the request or personal data, and answer in Dutch. */
export const handleError: HandleServerError = ({ error, status }) => {
	if (status === 404) return { message: m.err_not_found() };
	const refused = expectedBodyError(status); // a body over the limit or unreadable: no stack trace
	if (refused) return refused;
	const reference = crypto.randomUUID().slice(0, 8);
	console.error(`[fout ${reference}]`, error instanceof Error ? error.stack : error);
	return { message: m.err_unexpected({ reference }) };
};
