import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import * as cases from '$lib/server/cases';
import { mayConvertSignal } from '$lib/server/policy';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Ctx } from '$lib/server/context';
import type { Tx } from '$lib/server/db';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'signals', { kind: 'signal', id: Number(event.params.id) || null });
	const id = idParam(event, event.params.id, 'signal');
	const db = getDb();
	try {
		const result = signals.get(db, ctx, id);
		if (result.view === 'own') return { view: 'own' as const, own: result };
		return {
			view: 'full' as const,
			full: result,
			/** The version the edit forms carry (feedback, sending it, closing, linking). */
			version: result.signal.version,
			candidates: signals.linkCandidates(db, ctx, result.signal),
			cases: cases.fromSignal(db, ctx, id),
			mayConvert: mayConvertSignal(ctx.actor, result.signal),
			today: dutchDate(ctx.now)
		};
	} catch (e) {
		translate(event, e, 'signal', id);
	}
};

/** One coordinator action on this signal: guard, parse, then the domain work in one transaction named after its form. */
function act(form: string, work: (tx: Tx, ctx: Ctx, id: number, values: Record<string, unknown>) => void) {
	return async (event: RequestEvent) => {
		const ctx = requireContext(event, 'signals', { kind: 'signal', id: Number(event.params.id) || null });
		const id = idParam(event, event.params.id, 'signal');
		const values = formObject(await event.request.formData());
		return perform(event, form, values, (tx) => {
			work(tx, ctx, id, values);
			return { done: form };
		});
	};
}

export const actions = {
	triage: act('triage', (tx, ctx, id) => signals.startTriage(tx, ctx, id)),
	note: act('note', (tx, ctx, id, v) => signals.addNote(tx, ctx, id, v)),
	link: act('link', (tx, ctx, id, v) => signals.linkEarlier(tx, ctx, id, v)),
	forward: act('forward', (tx, ctx, id, v) => signals.forward(tx, ctx, id, v)),
	close: act('close', (tx, ctx, id, v) => signals.close(tx, ctx, id, v)),
	feedback: act('feedback', (tx, ctx, id, v) => signals.saveFeedback(tx, ctx, id, v)),
	sendFeedback: act('sendFeedback', (tx, ctx, id, v) => signals.sendFeedback(tx, ctx, id, v))
} satisfies Actions;
