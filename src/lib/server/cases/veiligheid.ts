/**
 * The veiligheid compartment: police, investigation and Bibob information, and administrative
 * interventions. The information form and the intervention status forms carry the version of the
 * compartment they were loaded with (case_veiligheid.version; interventions have no version of
 * their own, and a status change bumps the compartment's), so a stale save is refused.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseIntervention, caseVeiligheid, type CaseVeiligheid } from '../db/schema';
import type { Ctx } from '../context';
import { ValidationError } from '../errors';
import { differingFields, expectVersion } from '../versions';
import { id, oneOf, optionalDate, optionalText, parse } from '../validation';
import { INTERVENTION_KINDS, INTERVENTION_STATUSES } from '../../domain/cases';
import { dutchDate } from '../../dates';
import { requireWrite } from './reach';
import { addEvent, lastChange, logCaseUpdate } from './timeline';

export function veiligheidInput() {
	return z.object({
		policeInfo: optionalText(m.field_police_info(), 5000, { multiline: true }),
		investigation: optionalText(m.field_investigation(), 5000, { multiline: true }),
		bibobInfo: optionalText(m.field_bibob_info(), 5000, { multiline: true })
	});
}

/** The stored compartment row, or a refusal when the form was loaded from another version. */
function expectVeiligheidVersion(
	db: DbOrTx,
	caseId: number,
	raw: unknown,
	stored: (row: CaseVeiligheid) => Record<string, unknown>,
	submitted: Record<string, unknown>,
	labels: Record<string, string>
): CaseVeiligheid {
	const row = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, caseId)).get()!;
	expectVersion(raw, row.version, () => ({
		...lastChange(db, caseId, ['veiligheid_updated', 'intervention']),
		fields: differingFields(stored(row), submitted, labels)
	}));
	return row;
}

/** Writes police, investigation and Bibob information (veiligheid compartment). */
export function updateVeiligheid(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		requireWrite(tx, ctx, caseId, 'veiligheid');
		const input = parse(veiligheidInput(), raw);
		const row = expectVeiligheidVersion(tx, caseId, raw, (stored) => stored, input, {
			policeInfo: m.field_police_info(),
			investigation: m.field_investigation(),
			bibobInfo: m.field_bibob_info()
		});
		tx.update(caseVeiligheid)
			.set({ ...input, updatedAt: ctx.now, updatedBy: ctx.actor.id, version: row.version + 1 })
			.where(eq(caseVeiligheid.caseId, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'veiligheid_updated', 'veiligheid');
		logCaseUpdate(tx, ctx, caseId, 'veiligheid');
	});
}

/** Records an administrative intervention (veiligheid compartment); a new row, so no version to check. */
export function addIntervention(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		requireWrite(tx, ctx, caseId, 'veiligheid');
		const input = parse(
			z.object({
				kind: oneOf(INTERVENTION_KINDS, m.field_intervention_kind()),
				status: oneOf(INTERVENTION_STATUSES, m.field_status()),
				decidedOn: optionalDate(m.field_decided_on()),
				note: optionalText(m.field_note(), 2000, { multiline: true })
			}),
			raw
		);
		if (input.decidedOn && input.decidedOn > dutchDate(ctx.now)) {
			throw new ValidationError(m.err_date_future({ label: m.field_decided_on() }), {
				decidedOn: m.err_date_future({ label: m.field_decided_on() })
			});
		}
		tx.insert(caseIntervention)
			.values({ caseId, ...input, createdAt: ctx.now, createdBy: ctx.actor.id })
			.run();
		addEvent(tx, ctx, caseId, 'intervention', 'veiligheid', input.kind);
		logCaseUpdate(tx, ctx, caseId, 'veiligheid', `interventie ${input.kind}`);
	});
}

/** Changes the status of an intervention. */
export function setInterventionStatus(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		requireWrite(tx, ctx, caseId, 'veiligheid');
		const input = parse(
			z.object({ interventionId: id('interventie'), status: oneOf(INTERVENTION_STATUSES, m.field_status()) }),
			raw
		);
		const row = tx
			.select()
			.from(caseIntervention)
			.where(and(eq(caseIntervention.id, input.interventionId), eq(caseIntervention.caseId, caseId)))
			.get();
		if (!row) throw new ValidationError(m.err_not_found(), { interventionId: m.err_not_found() });
		const compartment = expectVeiligheidVersion(
			tx,
			caseId,
			raw,
			() => ({ status: row.status }),
			{ status: input.status },
			{ status: m.field_status() }
		);
		tx.update(caseIntervention).set({ status: input.status }).where(eq(caseIntervention.id, row.id)).run();
		tx.update(caseVeiligheid)
			.set({ version: compartment.version + 1 })
			.where(eq(caseVeiligheid.caseId, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'intervention', 'veiligheid', `${row.kind}: ${input.status}`);
		logCaseUpdate(tx, ctx, caseId, 'veiligheid', `interventie ${row.id} ${input.status}`);
	});
}
