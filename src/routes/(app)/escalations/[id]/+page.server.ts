import { getDb } from '$lib/server/db';
import * as escalations from '$lib/server/escalations';
import { attempt, idParam, requirePage, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'escalations');
	const escalationId = idParam(event, event.params.id, 'escalation');
	try {
		return { view: escalations.get(getDb(), actor, escalationId, event.locals.now, event.locals.clientAddress) };
	} catch (e) {
		translate(event, e, 'escalation', escalationId);
	}
};

export const actions: Actions = {
	step: async (event) => {
		const actor = requirePage(event, 'escalations');
		const escalationId = idParam(event, event.params.id, 'escalation');
		const values = { ...formObject(await event.request.formData()), escalationId: String(escalationId) };
		return attempt(event, values, () => {
			escalations.transition(getDb(), actor, values, event.locals.now, event.locals.clientAddress);
			return { done: true };
		});
	}
};
