/**
 * Minutes (verslag) of a meeting, composed per reader: attendance, decisions, actions made in the
 * meeting and the notes per agenda item — each compartment only for those who see it there.
 * Notes come from the collaboration documents; `loadDoc` reads their persisted state.
 */
import type * as Y from 'yjs';
import type { DbOrTx } from './db';
import * as meetings from './meetings';
import * as notes from './notes';
import type { Actor } from './policy';
import * as audit from './audit';

export interface MinutesItem {
	id: number;
	position: number;
	label: string;
	notes: Array<{ compartment: 'shared' | 'zorg' | 'veiligheid'; html: string; lines: string[] }>;
}

export interface Minutes {
	meeting: meetings.MeetingView['meeting'];
	attendance: ReturnType<typeof meetings.attendanceOf>;
	items: MinutesItem[];
	decisions: meetings.DecisionRow[];
	actions: ReturnType<typeof meetings.actionsFromMeeting>;
	corrections: ReturnType<typeof meetings.corrections>;
}

/** The minutes as this reader may see them; reading is logged like any view. */
export function compose(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	loadDoc: (name: string) => Y.Doc,
	now: Date,
	clientAddress: string | null,
	hiddenCaseLabel: string
): Minutes {
	const view = meetings.get(db, actor, meetingId, now, clientAddress);
	const visibleNotes = meetings.noteCompartments(db, actor, meetingId);
	const items = view.agenda.map((item, i) => ({
		id: item.id,
		position: i + 1,
		label: item.kind === 'general' ? (item.title ?? '') : item.case ? `${item.case.reference} – ${item.case.subjectLabel}` : hiddenCaseLabel,
		notes: (visibleNotes.get(item.id) ?? []).map((compartment) => {
			const doc = loadDoc(`meeting:${meetingId}:item:${item.id}:${compartment}`);
			const result = { compartment, html: notes.toHtml(doc), lines: notes.toLines(doc) };
			doc.destroy();
			return result;
		})
	}));
	audit.record(db, { userId: actor.id, action: 'view', objectType: 'minutes', objectId: meetingId, clientAddress }, now);
	return {
		meeting: view.meeting,
		attendance: meetings.attendanceOf(db, meetingId, view.meeting.tableId),
		items,
		decisions: view.decisions,
		actions: meetings.actionsFromMeeting(db, actor, meetingId),
		corrections: meetings.corrections(db, actor, meetingId)
	};
}

