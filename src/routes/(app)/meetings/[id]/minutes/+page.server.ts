import { idParam, requireContext, translate } from '$lib/server/guard';
import { minutesFor } from '$lib/server/minutes-route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
	const meetingId = idParam(event, event.params.id, 'meeting');
	try {
		return { minutes: minutesFor(ctx, meetingId), reader: ctx.actor.name };
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
