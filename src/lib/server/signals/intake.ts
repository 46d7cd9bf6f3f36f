/** Intake: the signal form's input and submitting a signal. */
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import type { Ctx } from '../context';
import { signal, type Signal } from '../db/schema';
import { ALL_INDICATORS, FORMS, LOCATION_KINDS, SOURCES, URGENCIES } from '../../domain/signals';
import * as audit from '../audit';
import { NotFoundError, ValidationError } from '../errors';
import { maySubmitOnBehalf, maySubmitSignal } from '../policy';
import { oneOf, optionalText, parse, text } from '../validation';
import { addEvent, knownMunicipality, nextReference, notInFuture } from './shared';

export function signalInput(now: Date, onBehalf: boolean) {
	return z
		.object({
			description: text(m.field_signal_description(), 10, 5000, { multiline: true }),
			observedOn: z
				.string()
				.trim()
				.optional()
				.transform((v) => v || undefined)
				.pipe(notInFuture(m.field_observed_on(), now).optional()),
			locationKind: oneOf(LOCATION_KINDS, m.field_location_kind()),
			address: optionalText(m.field_address(), 200),
			forms: z.array(oneOf(FORMS, m.field_forms())).max(FORMS.length).default([]),
			indicators: z
				.array(
					z.string().refine((v) => ALL_INDICATORS.includes(v), {
						error: m.err_unknown_value({ label: m.field_indicators() })
					})
				)
				.max(ALL_INDICATORS.length)
				.default([]),
			otherIndicator: optionalText(m.field_other_indicator(), 500),
			urgency: oneOf(URGENCIES, m.field_urgency()),
			contact: optionalText(m.field_contact(), 200),
			municipality: text(m.field_municipality(), 2, 80),
			// Front-line reporters always report as themselves, whatever a crafted form says.
			source: onBehalf
				? oneOf(SOURCES, m.field_source())
				: z
						.unknown()
						.optional()
						.transform(() => 'reporter' as const),
			externalReporter: optionalText(m.field_external_reporter(), 200)
		})
		.transform((v) => ({
			...v,
			forms: [...new Set(v.forms)],
			indicators: [...new Set(v.indicators)],
			// An anonymous source has, by definition, no name or contact.
			externalReporter: v.source === 'anonymous' || v.source === 'reporter' ? null : v.externalReporter,
			contact: v.source === 'anonymous' ? null : v.contact
		}));
}

/**
 * Records a signal, its `received` event and its log entry in one transaction. A reporter submits
 * their own; a coordinator can also register one on behalf of a citizen, a partner or an
 * anonymous source.
 */
export function submit(db: DbOrTx, ctx: Ctx, raw: unknown): Signal {
	const { actor, now } = ctx;
	if (!maySubmitSignal(actor)) throw new NotFoundError(m.err_not_found());
	const input = parse(signalInput(now, maySubmitOnBehalf(actor)), raw);
	return db.transaction((tx) => {
		if (!knownMunicipality(tx, input.municipality)) {
			throw new ValidationError(m.err_unknown_municipality(), { municipality: m.err_unknown_municipality() });
		}
		const row = tx
			.insert(signal)
			.values({
				...input,
				reference: nextReference(tx, now),
				receivedAt: now,
				reporterUserId: input.source === 'reporter' ? actor.id : null,
				registeredBy: actor.id,
				status: 'received'
			})
			.returning()
			.get();
		addEvent(tx, row.id, actor.id, 'received', now);
		audit.changed(tx, ctx, { action: 'create', objectType: 'signal', objectId: row.id });
		return row;
	});
}
