import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import { requireContext } from '$lib/server/guard';
import { signalInboxScope } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

const FILTERS = { open: 'open', afgehandeld: 'settled', alle: 'all' } as const;

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'signals');
	const { actor } = ctx;
	const db = getDb();
	const key = event.url.searchParams.get('weergave') ?? 'open';
	const filter = FILTERS[key as keyof typeof FILTERS] ?? 'open';
	const coordinator = signalInboxScope(actor).length > 0;
	return {
		coordinator,
		municipality: actor.municipality,
		filter: key in FILTERS ? key : 'open',
		inbox: coordinator ? signals.inbox(db, ctx, filter) : [],
		own: actor.roles.includes('reporter') ? signals.listOwn(db, ctx) : [],
		isReporter: actor.roles.includes('reporter'),
		submitted: event.url.searchParams.get('verstuurd'),
		acute: event.url.searchParams.has('acuut')
	};
};
