import { idParam, requirePage, translate } from '$lib/server/guard';
import { minutesFor } from '$lib/server/minutes-route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	const meetingId = idParam(event, event.params.id, 'meeting');
	try {
		return { minutes: minutesFor(event, actor, meetingId), reader: actor.name };
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
