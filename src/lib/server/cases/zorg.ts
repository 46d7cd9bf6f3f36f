/**
 * The zorg compartment: care needs, health and shelter, and consent with the legal basis for
 * sharing. Both forms carry the version of the compartment they were loaded with
 * (case_zorg.version), so a save from a stale tab is refused instead of reverting the other's.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseZorg, subject, type CaseZorg } from '../db/schema';
import type { Ctx } from '../context';
import { ValidationError } from '../errors';
import { differingFields, expectVersion } from '../versions';
import { oneOf, optionalDate, optionalOneOf, optionalText, parse } from '../validation';
import { COMENSHA_REPORTERS, COMENSHA_STATUSES, CONSENT_GIVERS, CONSENT_STATUSES } from '../../domain/cases';
import { ageOn, dutchDate } from '../../dates';
import { requireWrite } from './reach';
import { addEvent, lastChange, logCaseUpdate } from './timeline';

export function zorgInput() {
	return z.object({
		careNeeds: optionalText(m.field_care_needs(), 5000, { multiline: true }),
		health: optionalText(m.field_health(), 5000, { multiline: true }),
		shelter: optionalText(m.field_shelter(), 2000, { multiline: true })
	});
}

/** The stored zorg compartment, or a refusal when the form was loaded from another version. */
function expectZorgVersion(
	db: DbOrTx,
	caseId: number,
	raw: unknown,
	submitted: Record<string, unknown>,
	labels: Record<string, string>
): CaseZorg {
	const row = db.select().from(caseZorg).where(eq(caseZorg.caseId, caseId)).get()!;
	expectVersion(raw, row.version, () => ({
		...lastChange(db, caseId, ['zorg_updated', 'consent_updated']),
		fields: differingFields(row, submitted, labels)
	}));
	return row;
}

/** Writes care needs, health and shelter (zorg compartment). */
export function updateZorg(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		requireWrite(tx, ctx, caseId, 'zorg');
		const input = parse(zorgInput(), raw);
		const row = expectZorgVersion(tx, caseId, raw, input, {
			careNeeds: m.field_care_needs(),
			health: m.field_health(),
			shelter: m.field_shelter()
		});
		tx.update(caseZorg)
			.set({ ...input, updatedAt: ctx.now, updatedBy: ctx.actor.id, version: row.version + 1 })
			.where(eq(caseZorg.caseId, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'zorg_updated', 'zorg');
		logCaseUpdate(tx, ctx, caseId, 'zorg');
	});
}

/**
 * Records consent and the legal basis for sharing (zorg compartment), with the rules of
 * DOMAIN.md: the person signs from 16, a parent or guardian below; without consent the weighing
 * and the covenant article must be recorded; CoMensha registration by others than police, KMar
 * and the labour inspectorate needs consent.
 */
export function updateConsent(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row: caseRow } = requireWrite(tx, ctx, caseId, 'zorg');
		const today = dutchDate(ctx.now);
		const input = parse(
			z.object({
				consentStatus: oneOf(CONSENT_STATUSES, m.field_consent_status()),
				consentBy: optionalOneOf(CONSENT_GIVERS, m.field_consent_by()),
				consentDate: optionalDate(m.field_consent_date()),
				consentScope: optionalText(m.field_consent_scope(), 1000, { multiline: true }),
				consentWithdrawnOn: optionalDate(m.field_consent_withdrawn_on()),
				sharingWeighing: optionalText(m.field_sharing_weighing(), 3000, { multiline: true }),
				covenantArticle: optionalText(m.field_covenant_article(), 200),
				informed: z
					.union([z.literal('yes'), z.literal('no'), z.literal(''), z.null()])
					.optional()
					.transform((v) => (v === 'yes' ? true : v === 'no' ? false : null)),
				notInformedReason: optionalText(m.field_not_informed_reason(), 1000, { multiline: true }),
				comensha: oneOf(COMENSHA_STATUSES, m.field_comensha()),
				comenshaBy: optionalOneOf(COMENSHA_REPORTERS, m.field_comensha_by())
			}),
			raw
		);
		const row = expectZorgVersion(tx, caseId, raw, input, {
			consentStatus: m.field_consent_status(),
			consentBy: m.field_consent_by(),
			consentDate: m.field_consent_date(),
			consentScope: m.field_consent_scope(),
			consentWithdrawnOn: m.field_consent_withdrawn_on(),
			sharingWeighing: m.field_sharing_weighing(),
			covenantArticle: m.field_covenant_article(),
			informed: m.field_informed(),
			notInformedReason: m.field_not_informed_reason(),
			comensha: m.field_comensha(),
			comenshaBy: m.field_comensha_by()
		});
		const fail = (field: string, message: string): never => {
			throw new ValidationError(message, { [field]: message });
		};
		const hasConsent = input.consentStatus === 'given' || input.consentStatus === 'withdrawn';
		if (hasConsent) {
			if (!input.consentBy) fail('consentBy', m.err_choose({ label: m.field_consent_by().toLowerCase() }));
			if (!input.consentDate) fail('consentDate', m.err_required({ label: m.field_consent_date() }));
			if (input.consentDate! > today)
				fail('consentDate', m.err_date_future({ label: m.field_consent_date() }));
			const subj = tx.select().from(subject).where(eq(subject.id, caseRow.subjectId)).get()!;
			if (subj.dateOfBirth) {
				const age = ageOn(subj.dateOfBirth, input.consentDate!);
				if (age < 16 && input.consentBy !== 'parent_guardian') fail('consentBy', m.err_consent_under_16());
				if (age >= 16 && input.consentBy !== 'person') fail('consentBy', m.err_consent_from_16());
			}
			if (!input.consentScope) fail('consentScope', m.err_required({ label: m.field_consent_scope() }));
		}
		if (input.consentStatus === 'withdrawn') {
			if (!input.consentWithdrawnOn)
				fail('consentWithdrawnOn', m.err_required({ label: m.field_consent_withdrawn_on() }));
			if (input.consentWithdrawnOn! < input.consentDate!)
				fail('consentWithdrawnOn', m.err_withdrawn_before_consent());
			if (input.consentWithdrawnOn! > today)
				fail('consentWithdrawnOn', m.err_date_future({ label: m.field_consent_withdrawn_on() }));
		}
		if (input.consentStatus !== 'given') {
			if (!input.sharingWeighing) fail('sharingWeighing', m.err_weighing_required());
			if (!input.covenantArticle) fail('covenantArticle', m.err_article_required());
		}
		if (input.informed === false && !input.notInformedReason)
			fail('notInformedReason', m.err_not_informed_reason());
		if (input.comensha === 'registered') {
			if (!input.comenshaBy) fail('comenshaBy', m.err_choose({ label: m.field_comensha_by().toLowerCase() }));
			if (input.comenshaBy === 'other' && input.consentStatus !== 'given')
				fail('comensha', m.err_comensha_needs_consent());
		}
		tx.update(caseZorg)
			.set({
				...input,
				consentBy: hasConsent ? input.consentBy : null,
				consentDate: hasConsent ? input.consentDate : null,
				consentScope: hasConsent ? input.consentScope : null,
				consentWithdrawnOn: input.consentStatus === 'withdrawn' ? input.consentWithdrawnOn : null,
				notInformedReason: input.informed === false ? input.notInformedReason : null,
				comenshaBy: input.comensha === 'registered' ? input.comenshaBy : null,
				updatedAt: ctx.now,
				updatedBy: ctx.actor.id,
				version: row.version + 1
			})
			.where(eq(caseZorg.caseId, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'consent_updated', 'zorg', input.consentStatus);
		logCaseUpdate(tx, ctx, caseId, 'zorg', 'toestemming');
	});
}
