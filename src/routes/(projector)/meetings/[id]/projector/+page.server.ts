import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { idParam, requireContext, translate } from '$lib/server/guard';
import { m } from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

/**
 * The projector view: the current item's shared content only. Whose laptop is connected does not
 * matter: no compartment is ever sent to this page.
 */
export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
	const meetingId = idParam(event, event.params.id, 'meeting');
	try {
		return meetings.projector(getDb(), ctx, meetingId, m.agenda_hidden_case());
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
