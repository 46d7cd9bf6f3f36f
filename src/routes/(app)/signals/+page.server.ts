import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import { requirePage } from '$lib/server/guard';
import { signalInboxScope } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

const FILTERS = { open: 'open', afgehandeld: 'settled', alle: 'all' } as const;

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'signals');
	const db = getDb();
	const { now, clientAddress } = event.locals;
	const key = event.url.searchParams.get('weergave') ?? 'open';
	const filter = FILTERS[key as keyof typeof FILTERS] ?? 'open';
	const coordinator = signalInboxScope(actor).length > 0;
	return {
		coordinator,
		municipality: actor.municipality,
		filter: key in FILTERS ? key : 'open',
		inbox: coordinator ? signals.inbox(db, actor, filter, now, clientAddress) : [],
		own: actor.roles.includes('reporter') ? signals.listOwn(db, actor, now, clientAddress) : [],
		isReporter: actor.roles.includes('reporter'),
		submitted: event.url.searchParams.get('verstuurd'),
		acute: event.url.searchParams.has('acuut')
	};
};
