/**
 * The collaboration document schema (DESIGN.md §2, §4), shared by the server and the browser:
 * which keys each kind of document holds, and the shape of an action inside a plan document with
 * the one validation both sides use. The server's ActionsExtension repairs every change with
 * `normalise`; the browser's PlanPanel writes through the same helpers and checks the same rules
 * first, so a person rarely sees a repair. No server imports here: the browser bundles this module.
 *
 *   case:<id>:plan | case:<id>:zorg | case:<id>:veiligheid   PLAN_DOC: notes fragment, actions array
 *   meeting:<id>                                            MEETING_DOC: map `live`
 *   meeting:<id>:item:<itemId>:<compartment>                ITEM_DOC: notes fragment
 */
import * as Y from 'yjs';

// ---------------------------------------------------------------------------------------------
// Document keys

/** A plan document: free notes (TipTap's XML fragment) and the actions, one Y.Map each. */
export const PLAN_DOC = { notes: 'notes', actions: 'actions' } as const;

/** The live meeting document: one map with the current agenda item and when it started. */
export const MEETING_DOC = {
	live: 'live',
	/** The id of the agenda item under discussion (a number), or null before the first. */
	currentItemId: 'currentItemId',
	/** When the current item started (ms since the epoch), for the timer. */
	startedAt: 'startedAt'
} as const;

/** The notes of one agenda item in one compartment. */
export const ITEM_DOC = { notes: 'notes' } as const;

// ---------------------------------------------------------------------------------------------
// The action shape

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'not_possible', 'not_undertaken'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The two end states that need a reason. */
export const NEEDS_REASON: readonly ActionStatus[] = ['not_possible', 'not_undertaken'];

export const OPEN_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];

export const TITLE_MAX = 200;
export const REASON_MAX = 1000;

/** The fields of an action as stored in the Y.Map and projected into SQL. */
export interface ActionValue {
	id: string;
	title: string;
	ownerId: number | null;
	dueDate: string | null;
	status: ActionStatus;
	reason: string | null;
	originKind: 'meeting' | 'decision' | null;
	originId: number | null;
	createdAt: number;
	createdBy: number | null;
}

/** Every field of an action map; the last four are the server's (clients cannot set them). */
export const ACTION_FIELDS = [
	'id',
	'title',
	'ownerId',
	'dueDate',
	'status',
	'reason',
	'originKind',
	'originId',
	'createdAt',
	'createdBy'
] as const satisfies ReadonlyArray<keyof ActionValue>;
export const SERVER_FIELDS = [
	'createdAt',
	'createdBy',
	'originKind',
	'originId'
] as const satisfies ReadonlyArray<keyof ActionValue>;

/** The fields people edit (and whose change is a timeline entry). */
export const EDITABLE_FIELDS = [
	'title',
	'ownerId',
	'dueDate',
	'status',
	'reason'
] as const satisfies ReadonlyArray<keyof ActionValue>;

export interface NormaliseContext {
	/** Whether a person may own this action (may see the case's compartment). */
	mayOwn: (userId: number) => boolean;
	/** The earliest allowed due date: the day the case was created. */
	minDate: string;
	/** The value the server last accepted, to fall back on. */
	previous: ActionValue | null;
	/** Who made the change (for createdBy on new actions) and when. */
	userId: number | null;
	now: number;
	newId: () => string;
	/** A change made by the server itself (a meeting creating an action) may set the origin. */
	serverChange?: boolean;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(v: unknown): v is string {
	if (typeof v !== 'string' || !ISO.test(v)) return false;
	const d = new Date(`${v}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Whether a status needs a reason (the two end states "not possible" and "not undertaken"). */
export function needsReason(status: ActionStatus): boolean {
	return NEEDS_REASON.includes(status);
}

/**
 * The valid value for whatever a client wrote, and the names of the fields that had to be
 * repaired. Invalid fields fall back to the last accepted value (or a safe default); origin and
 * creation fields are the server's and cannot be changed by clients.
 */
export function normalise(
	raw: Record<string, unknown>,
	ctx: NormaliseContext
): { value: ActionValue; repaired: string[] } {
	const prev = ctx.previous;
	const repaired: string[] = [];
	const fix = <T>(field: string, ok: boolean, value: T, fallback: T): T => {
		if (ok) return value;
		repaired.push(field);
		return fallback;
	};

	const id = fix(
		'id',
		typeof raw.id === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(raw.id),
		raw.id as string,
		prev?.id ?? ctx.newId()
	);

	const rawTitle = typeof raw.title === 'string' ? raw.title.replace(/\s+/g, ' ').trim() : '';
	const title = fix(
		'title',
		rawTitle.length > 0 && rawTitle.length <= TITLE_MAX,
		rawTitle,
		prev?.title ?? (rawTitle.slice(0, TITLE_MAX) || 'Actie zonder titel')
	);

	const ownerOk =
		raw.ownerId === null ||
		raw.ownerId === undefined ||
		(typeof raw.ownerId === 'number' && Number.isInteger(raw.ownerId) && ctx.mayOwn(raw.ownerId));
	const ownerId = fix(
		'ownerId',
		ownerOk,
		(raw.ownerId ?? null) as number | null,
		prev && (prev.ownerId === null || ctx.mayOwn(prev.ownerId)) ? prev.ownerId : null
	);

	const dueOk =
		raw.dueDate === null ||
		raw.dueDate === undefined ||
		raw.dueDate === '' ||
		(isIsoDate(raw.dueDate) && raw.dueDate >= ctx.minDate);
	const dueDate = fix('dueDate', dueOk, raw.dueDate ? (raw.dueDate as string) : null, prev?.dueDate ?? null);

	const rawReason = typeof raw.reason === 'string' ? raw.reason.trim().slice(0, REASON_MAX) : '';
	const statusKnown =
		typeof raw.status === 'string' && (ACTION_STATUSES as readonly string[]).includes(raw.status);
	let status = fix('status', statusKnown, raw.status as ActionStatus, prev?.status ?? 'open');
	if (needsReason(status) && !rawReason) {
		repaired.push('reason');
		status = prev && !needsReason(prev.status) ? prev.status : 'open';
	}
	const reason = needsReason(status) ? rawReason : null;

	// Origin and creation are set by the server; a client cannot forge or change them.
	const serverOrigin =
		ctx.serverChange &&
		(raw.originKind === 'meeting' || raw.originKind === 'decision') &&
		typeof raw.originId === 'number';
	const originKind = serverOrigin
		? (raw.originKind as 'meeting' | 'decision')
		: prev
			? prev.originKind
			: null;
	const originId = serverOrigin ? (raw.originId as number) : prev ? prev.originId : null;
	if (!serverOrigin && (raw.originKind ?? null) !== originKind) repaired.push('origin');
	else if (!serverOrigin && (raw.originId ?? null) !== originId) repaired.push('origin');
	const createdAt = prev?.createdAt ?? ctx.now;
	const createdBy = prev?.createdBy ?? ctx.userId;

	return {
		value: { id, title, ownerId, dueDate, status, reason, originKind, originId, createdAt, createdBy },
		repaired
	};
}

/** Whether an open action is past its due date (both ISO dates). */
export function isOverdue(a: Pick<ActionValue, 'status' | 'dueDate'>, today: string): boolean {
	return OPEN_STATUSES.includes(a.status) && a.dueDate !== null && a.dueDate < today;
}

/**
 * Why a person's edit of status and reason would be refused, checked in the browser before it is
 * written (the server repairs it anyway): an end state without a reason.
 */
export function editProblem(edit: { status: ActionStatus; reason: string | null }): 'reason' | null {
	return needsReason(edit.status) && !(edit.reason ?? '').trim() ? 'reason' : null;
}

// ---------------------------------------------------------------------------------------------
// Actions inside a Y.Doc

export type ActionMap = Y.Map<unknown>;

/** The actions array of a plan document. */
export function actionsOf(doc: Y.Doc): Y.Array<ActionMap> {
	return doc.getArray<ActionMap>(PLAN_DOC.actions);
}

/** The notes fragment of a plan or agenda-item document. */
export function notesOf(doc: Y.Doc): Y.XmlFragment {
	return doc.getXmlFragment(PLAN_DOC.notes);
}

/** The fields of an action map, read without trusting their types. */
export function rawOf(map: ActionMap): Record<string, unknown> {
	return Object.fromEntries(map.entries());
}

/** Writes an action's fields into its map (only the ones that differ, so no empty updates). */
export function writeValue(map: ActionMap, value: Partial<ActionValue>): void {
	for (const [key, v] of Object.entries(value)) {
		if (map.get(key) !== v) map.set(key, v);
	}
}

/** A new action as a map, ready to push into the actions array. */
export function newActionMap(value: Partial<ActionValue>): ActionMap {
	const map = new Y.Map<unknown>();
	for (const [key, v] of Object.entries(value)) map.set(key, v);
	return map;
}

/** The action with this id in the array, and its index; null when it is not there. */
export function findAction(list: Y.Array<ActionMap>, id: string): { map: ActionMap; index: number } | null {
	const index = list.toArray().findIndex((x) => x instanceof Y.Map && x.get('id') === id);
	return index < 0 ? null : { map: list.get(index), index };
}

/** Changes fields of the action with this id in a plan document; false when it is not there. */
export function patchAction(doc: Y.Doc, id: string, patch: Partial<ActionValue>): boolean {
	const found = findAction(actionsOf(doc), id);
	if (!found) return false;
	writeValue(found.map, patch);
	return true;
}

/** Appends an action to a plan document. */
export function pushAction(doc: Y.Doc, value: Partial<ActionValue>): void {
	actionsOf(doc).push([newActionMap(value)]);
}

/** What a person adds in the browser: the server stamps id checks, creation and origin. */
export function draftAction(
	input: { title: string; ownerId: number | null; dueDate: string | null },
	newId: () => string
): Partial<ActionValue> {
	return {
		id: newId(),
		title: input.title.trim(),
		ownerId: input.ownerId,
		dueDate: input.dueDate || null,
		status: 'open',
		reason: null
	};
}

/** An action as a list shows it, read leniently from its map (the server repairs what is wrong). */
export interface ActionView {
	id: string;
	title: string;
	ownerId: number | null;
	dueDate: string | null;
	status: ActionStatus;
	reason: string | null;
	originKind: string | null;
}

/** The actions of a document as views, in order; anything that is not a map is skipped. */
export function readActions(list: Y.Array<ActionMap>): ActionView[] {
	const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
	return list
		.toArray()
		.filter((x): x is ActionMap => x instanceof Y.Map)
		.map((map) => ({
			id: text(map.get('id')),
			title: text(map.get('title')),
			ownerId: typeof map.get('ownerId') === 'number' ? (map.get('ownerId') as number) : null,
			dueDate: typeof map.get('dueDate') === 'string' ? (map.get('dueDate') as string) : null,
			status: (ACTION_STATUSES as readonly unknown[]).includes(map.get('status'))
				? (map.get('status') as ActionStatus)
				: 'open',
			reason: typeof map.get('reason') === 'string' ? (map.get('reason') as string) : null,
			originKind: typeof map.get('originKind') === 'string' ? (map.get('originKind') as string) : null
		}));
}

/**
 * Moves an action one place up or down. Y.Array has no move: the action is re-inserted as a copy
 * with the same id, in one transaction, so the server sees one action that changed position.
 */
export function moveAction(doc: Y.Doc, id: string, by: -1 | 1): number | null {
	const list = actionsOf(doc);
	const found = findAction(list, id);
	if (!found) return null;
	const to = found.index + by;
	if (to < 0 || to >= list.length) return null;
	doc.transact(() => {
		const copy = newActionMap(rawOf(found.map));
		list.delete(found.index, 1);
		list.insert(to, [copy]);
	});
	return to;
}
