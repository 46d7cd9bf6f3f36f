import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import * as organisations from '$lib/server/organisations';
import { deny, perform, requireContext } from '$lib/server/guard';
import { maySubmitOnBehalf, maySubmitSignal } from '$lib/server/policy';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'signals', { kind: 'signal', id: 'nieuw' });
	if (!maySubmitSignal(ctx.actor)) deny(event, 'signal', 'nieuw');
	return {
		municipalities: organisations.municipalities(getDb()),
		defaultMunicipality: ctx.actor.municipality,
		onBehalf: maySubmitOnBehalf(ctx.actor),
		today: dutchDate(ctx.now)
	};
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'signals', { kind: 'signal', id: 'nieuw' });
		const values = formObject(await event.request.formData(), ['forms', 'indicators']);
		const result = perform(event, 'signal', values, (tx) => signals.submit(tx, ctx, values));
		if (result && 'reference' in result) {
			const acute = result.urgency === 'acute' ? '&acuut=1' : '';
			redirect(303, `/signals?verstuurd=${result.reference}${acute}`);
		}
		return result;
	}
} satisfies Actions;
