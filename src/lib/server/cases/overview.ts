/**
 * What the start page shows about cases, per the sections the policy gives the viewer, and the
 * cases created from a signal (for the signal page). Both are case content (references, subject
 * labels, interventions) and are noted as views naming the cases shown.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import {
	caseFile,
	caseIntervention,
	caseSignal,
	type CaseFile,
	type CaseIntervention,
	type Compartment
} from '../db/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import { startSections, type StartSections } from '../policy';
import { dutchDate } from '../../dates';
import { reachableCases, reachOrNull } from './reach';
import { toListRow, type CaseListRow } from './list';

export interface StartOverview {
	sections: StartSections;
	deadlines: CaseListRow[];
	waitingForPlan: CaseListRow[];
	pipeline: Array<{ status: CaseFile['status']; count: number }>;
	interventions: Array<{
		caseId: number;
		reference: string;
		kind: CaseIntervention['kind'];
		status: CaseIntervention['status'];
		decidedOn: string | null;
	}>;
	withoutOwnerOrPlan: CaseListRow[];
}

/** What the start page shows about cases; noted as one view naming every case it shows. */
export function overview(db: DbOrTx, ctx: Ctx): StartOverview {
	const sections = startSections(ctx.actor);
	const out: StartOverview = {
		sections,
		deadlines: [],
		waitingForPlan: [],
		pipeline: [],
		interventions: [],
		withoutOwnerOrPlan: []
	};
	if (
		!sections.deadlines &&
		!sections.waitingForPlan &&
		!sections.pipeline &&
		!sections.interventions &&
		!sections.withoutOwnerOrPlan
	)
		return out;
	const today = dutchDate(ctx.now);
	const reached = reachableCases(db, ctx);
	const open = reached.map((r) => toListRow(db, r, today)).filter((r) => r.status !== 'closed');
	if (sections.deadlines)
		out.deadlines = open
			.filter((r) => r.deadlineSoon)
			.sort((a, b) => (a.nextDeadline?.days ?? 0) - (b.nextDeadline?.days ?? 0));
	if (sections.waitingForPlan)
		out.waitingForPlan = open.filter(
			(r) => r.kind === 'victim' && (r.status === 'registered' || r.status === 'in_discussion')
		);
	if (sections.withoutOwnerOrPlan)
		out.withoutOwnerOrPlan = open.filter((r) => r.ownerName === null || r.status === 'registered');
	if (sections.pipeline) {
		// Counts only: no case content, so nothing to note for it.
		const pipelineTables = new Set(sections.pipelineTableIds);
		const counts = new Map<CaseFile['status'], number>();
		for (const r of reached) {
			if (r.row.kind === 'perpetrator' && r.facts.tableIds.some((t) => pipelineTables.has(t)))
				counts.set(r.row.status, (counts.get(r.row.status) ?? 0) + 1);
		}
		out.pipeline = (['registered', 'in_preparation', 'in_progress'] as const).map((status) => ({
			status,
			count: counts.get(status) ?? 0
		}));
	}
	const withVeiligheid = sections.interventions
		? reached.filter((r) => r.access.compartments.has('veiligheid')).map((r) => r.row.id)
		: [];
	if (withVeiligheid.length) {
		out.interventions = db
			.select({
				caseId: caseIntervention.caseId,
				reference: caseFile.reference,
				kind: caseIntervention.kind,
				status: caseIntervention.status,
				decidedOn: caseIntervention.decidedOn
			})
			.from(caseIntervention)
			.innerJoin(caseFile, eq(caseFile.id, caseIntervention.caseId))
			.where(
				and(
					inArray(caseIntervention.caseId, withVeiligheid),
					inArray(caseIntervention.status, ['planned', 'in_progress'])
				)
			)
			.all();
	}
	const shown = new Set(
		[...out.deadlines, ...out.waitingForPlan, ...out.withoutOwnerOrPlan].map((r) => r.id)
	);
	const ofInterventions = new Set(out.interventions.map((i) => i.caseId));
	const ids = [...new Set([...shown, ...ofInterventions])].sort((a, b) => a - b);
	if (ids.length) {
		const compartments: Compartment[] = ['shared'];
		if (ofInterventions.size) compartments.push('veiligheid');
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'case',
			objectId: null,
			compartments,
			detail: `start: casussen ${ids.join(',')}`
		});
	}
	return out;
}

/** The cases created from a signal (for the signal page), as far as the actor reaches them; noted as a view. */
export function fromSignal(db: DbOrTx, ctx: Ctx, signalId: number): Array<{ id: number; reference: string }> {
	const ids = db
		.select({ id: caseSignal.caseId })
		.from(caseSignal)
		.where(eq(caseSignal.signalId, signalId))
		.all();
	const out = ids.flatMap(({ id: caseId }) => {
		const r = reachOrNull(db, ctx, caseId)?.row;
		return r ? [{ id: r.id, reference: r.reference }] : [];
	});
	if (out.length) {
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'case',
			objectId: null,
			compartments: ['shared'],
			detail: `signaal ${signalId}: casussen ${out.map((c) => c.id).join(',')}`
		});
	}
	return out;
}
