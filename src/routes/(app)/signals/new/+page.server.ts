import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import * as organisations from '$lib/server/organisations';
import { attempt, deny, requirePage } from '$lib/server/guard';
import { maySubmitSignal } from '$lib/server/policy';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'signals');
	if (!maySubmitSignal(actor)) deny(event, 'signal', 'nieuw');
	return {
		municipalities: organisations.municipalities(getDb()),
		defaultMunicipality: actor.municipality,
		onBehalf: actor.roles.includes('coordinator'),
		today: dutchDate(event.locals.now)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePage(event, 'signals');
		const values = formObject(await event.request.formData(), ['forms', 'indicators']);
		const result = await attempt(event, values, () =>
			signals.submit(getDb(), actor, values, event.locals.now, event.locals.clientAddress)
		);
		if (result && 'reference' in result) {
			const acute = result.urgency === 'acute' ? '&acuut=1' : '';
			redirect(303, `/signals?verstuurd=${result.reference}${acute}`);
		}
		return result;
	}
};
