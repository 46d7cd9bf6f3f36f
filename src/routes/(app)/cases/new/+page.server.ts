import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as cases from '$lib/server/cases';
import * as signals from '$lib/server/signals';
import * as tables from '$lib/server/tables';
import { deny, perform, requireContext } from '$lib/server/guard';
import { mayCreateCase } from '$lib/server/policy';
import { formObject } from '$lib/server/validation';
import { NotFoundError, ConflictError } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'cases');
	if (!mayCreateCase(ctx.actor)) deny(event, 'case', 'nieuw');
	const db = getDb();
	const signalId = Number(event.url.searchParams.get('signaal')) || null;
	let fromSignal: { id: number; reference: string; forms: string[] } | null = null;
	if (signalId) {
		try {
			const s = signals.forConversion(db, ctx, signalId);
			fromSignal = { id: s.id, reference: s.reference, forms: s.forms };
		} catch (e) {
			if (e instanceof NotFoundError) deny(event, 'signal', signalId);
			if (!(e instanceof ConflictError)) throw e;
		}
	}
	return {
		fromSignal,
		tables: tables.list(db).map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
		people: cases.eligiblePeople(db),
		subjects: cases
			.subjectsForActor(db, ctx)
			.map((s) => ({ id: s.id, label: s.label, kind: s.kind, references: s.references })),
		me: ctx.actor.id,
		today: dutchDate(ctx.now)
	};
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'cases');
		const values = formObject(await event.request.formData(), ['forms', 'tableIds']);
		const result = perform(event, 'create', values, (tx) => cases.create(tx, ctx, values));
		if (result && 'reference' in result) redirect(303, `/cases/${result.id}?nieuw=1`);
		return result;
	}
} satisfies Actions;
