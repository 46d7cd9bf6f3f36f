import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { requirePage } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	return {
		meetings: meetings.listForActor(getDb(), actor, event.locals.now),
		mayPlan: actor.memberships.some((x) => meetings.mayPlan(actor, x.tableId))
	};
};
