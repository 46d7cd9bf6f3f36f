/**
 * Minutes (verslag) of a meeting, composed per reader: attendance, decisions, actions made in the
 * meeting and the notes per agenda item — each compartment only for those who see it there.
 * Notes come from the collaboration documents; `loadDoc` reads their persisted state.
 */
import type * as Y from 'yjs';
import type { DbOrTx } from './db';
import type { Compartment } from './db/schema';
import * as meetings from './meetings';
import { composeView } from './meetings/view';
import type { FactsCache } from './meetings/load';
import {
	correctionsFor,
	actionsFromMeeting,
	type CorrectionRow,
	type MeetingActionRow
} from './meetings/minutes-reads';
import { noteCompartments } from './meetings/live';
import type { DecisionRow } from './decisions';
import * as notes from './notes';
import * as audit from './audit';
import type { Ctx } from './context';

export interface MinutesItem {
	id: number;
	position: number;
	label: string;
	notes: Array<{ compartment: Compartment; html: string; lines: string[] }>;
}

export interface Minutes {
	meeting: meetings.MeetingView['meeting'];
	attendance: ReturnType<typeof meetings.attendanceOf>;
	items: MinutesItem[];
	decisions: DecisionRow[];
	actions: MeetingActionRow[];
	corrections: CorrectionRow[];
}

/**
 * The minutes as this reader may see them. The reading is noted as one view of the minutes
 * (`as: 'export'` for the PDF) with every compartment they contained: the table's shared
 * content, the compartments of the notes and of the actions shown.
 */
export function compose(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number,
	loadDoc: (name: string) => Y.Doc,
	hiddenCaseLabel: string,
	as: 'view' | 'export' = 'view'
): Minutes {
	const cache: FactsCache = new Map();
	const { view } = composeView(db, ctx.actor, meetingId, ctx.now, cache);
	const visibleNotes = noteCompartments(db, ctx.actor, meetingId, cache);
	const items = view.agenda.map((item, i) => ({
		id: item.id,
		position: i + 1,
		label:
			item.kind === 'general'
				? (item.title ?? '')
				: item.case
					? `${item.case.reference} – ${item.case.subjectLabel}`
					: hiddenCaseLabel,
		notes: (visibleNotes.get(item.id) ?? []).map((compartment) => {
			const doc = loadDoc(`meeting:${meetingId}:item:${item.id}:${compartment}`);
			const result = { compartment, html: notes.toHtml(doc), lines: notes.toLines(doc) };
			doc.destroy();
			return result;
		})
	}));
	const actions = actionsFromMeeting(db, ctx.actor, meetingId, cache);
	const compartments = [
		'shared',
		...items.flatMap((i) => i.notes.map((n) => n.compartment)),
		...actions.map((a) => a.compartment)
	];
	audit.viewed(ctx, {
		action: as,
		objectType: 'minutes',
		objectId: meetingId,
		compartments,
		detail: as === 'export' ? 'pdf' : null
	});
	return {
		meeting: view.meeting,
		attendance: meetings.attendanceOf(db, meetingId, view.meeting.tableId),
		items,
		decisions: view.decisions,
		actions,
		corrections: correctionsFor(db, ctx.actor, meetingId, cache)
	};
}
