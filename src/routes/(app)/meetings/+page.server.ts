import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { requireContext } from '$lib/server/guard';
import { mayPlan } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'meetings');
	return {
		meetings: meetings.listForActor(getDb(), ctx),
		mayPlan: ctx.actor.memberships.some((x) => mayPlan(ctx.actor, x.tableId))
	};
};
