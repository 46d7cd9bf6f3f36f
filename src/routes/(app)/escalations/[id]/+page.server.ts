import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as escalations from '$lib/server/escalations';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { FormFailure } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'escalations', {
		kind: 'escalation',
		id: Number(event.params.id) || null
	});
	const escalationId = idParam(event, event.params.id, 'escalation');
	try {
		return { view: escalations.get(getDb(), ctx, escalationId) };
	} catch (e) {
		translate(event, e, 'escalation', escalationId);
	}
};

export const actions = {
	step: async (event) => {
		const ctx = requireContext(event, 'escalations', {
			kind: 'escalation',
			id: Number(event.params.id) || null
		});
		const escalationId = idParam(event, event.params.id, 'escalation');
		const values = { ...formObject(await event.request.formData()), escalationId: String(escalationId) };
		const outcome = perform(event, 'step', values, (tx) => escalations.step(tx, ctx, values));
		if (!('ok' in outcome)) return outcome;
		// A step of another table on the route: its denial is committed; the form says whose step it is.
		if (!outcome.ok)
			return fail(400, {
				form: 'step',
				message: outcome.refusal,
				fields: { to: outcome.refusal },
				values,
				stale: false
			} satisfies FormFailure);
		return { done: true };
	}
} satisfies Actions;
