/**
 * Actions inside the plan documents (DESIGN.md §2, §4): one Y.Map per action in the document's
 * `actions` array. The server validates every change with `normalise` and repairs what is invalid;
 * the same rules drive the browser form, so a person rarely sees a repair.
 */

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

function validDate(v: unknown): v is string {
	if (typeof v !== 'string' || !ISO.test(v)) return false;
	const d = new Date(`${v}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * The valid value for whatever a client wrote, and the names of the fields that had to be
 * repaired. Invalid fields fall back to the last accepted value (or a safe default); origin and
 * creation fields are the server's and cannot be changed by clients.
 */
export function normalise(raw: Record<string, unknown>, ctx: NormaliseContext): { value: ActionValue; repaired: string[] } {
	const prev = ctx.previous;
	const repaired: string[] = [];
	const fix = <T>(field: string, ok: boolean, value: T, fallback: T): T => {
		if (ok) return value;
		repaired.push(field);
		return fallback;
	};

	const id = fix('id', typeof raw.id === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(raw.id), raw.id as string, prev?.id ?? ctx.newId());

	const rawTitle = typeof raw.title === 'string' ? raw.title.replace(/\s+/g, ' ').trim() : '';
	const title = fix('title', rawTitle.length > 0 && rawTitle.length <= TITLE_MAX, rawTitle, prev?.title ?? (rawTitle.slice(0, TITLE_MAX) || 'Actie zonder titel'));

	const ownerOk = raw.ownerId === null || raw.ownerId === undefined || (typeof raw.ownerId === 'number' && Number.isInteger(raw.ownerId) && ctx.mayOwn(raw.ownerId));
	const ownerId = fix('ownerId', ownerOk, (raw.ownerId ?? null) as number | null, prev && (prev.ownerId === null || ctx.mayOwn(prev.ownerId)) ? prev.ownerId : null);

	const dueOk = raw.dueDate === null || raw.dueDate === undefined || raw.dueDate === '' || (validDate(raw.dueDate) && raw.dueDate >= ctx.minDate);
	const dueDate = fix('dueDate', dueOk, raw.dueDate ? (raw.dueDate as string) : null, prev?.dueDate ?? null);

	const rawReason = typeof raw.reason === 'string' ? raw.reason.trim().slice(0, REASON_MAX) : '';
	const statusKnown = typeof raw.status === 'string' && (ACTION_STATUSES as readonly string[]).includes(raw.status);
	let status = fix('status', statusKnown, raw.status as ActionStatus, prev?.status ?? 'open');
	if (NEEDS_REASON.includes(status) && !rawReason) {
		repaired.push('reason');
		status = prev && !NEEDS_REASON.includes(prev.status) ? prev.status : 'open';
	}
	const reason = NEEDS_REASON.includes(status) ? rawReason : null;

	// Origin and creation are set by the server; a client cannot forge or change them.
	const serverOrigin =
		ctx.serverChange && (raw.originKind === 'meeting' || raw.originKind === 'decision') && typeof raw.originId === 'number';
	const originKind = serverOrigin ? (raw.originKind as 'meeting' | 'decision') : prev ? prev.originKind : null;
	const originId = serverOrigin ? (raw.originId as number) : prev ? prev.originId : null;
	if (!serverOrigin && (raw.originKind ?? null) !== originKind) repaired.push('origin');
	else if (!serverOrigin && (raw.originId ?? null) !== originId) repaired.push('origin');
	const createdAt = prev?.createdAt ?? ctx.now;
	const createdBy = prev?.createdBy ?? ctx.userId;

	return { value: { id, title, ownerId, dueDate, status, reason, originKind, originId, createdAt, createdBy }, repaired };
}

/** Whether an open action is past its due date (both ISO dates). */
export function isOverdue(a: Pick<ActionValue, 'status' | 'dueDate'>, today: string): boolean {
	return OPEN_STATUSES.includes(a.status) && a.dueDate !== null && a.dueDate < today;
}
