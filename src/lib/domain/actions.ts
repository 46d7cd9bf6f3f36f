/**
 * Actions inside the plan documents. The action shape and its validation live in the one
 * collaboration document schema (`src/lib/collab/schema.ts`), shared by server and browser; this
 * module re-exports the parts that are plain domain vocabulary (statuses, overdue), for the
 * database schema and the domain modules that know actions only as rows.
 */
export {
	ACTION_STATUSES,
	NEEDS_REASON,
	OPEN_STATUSES,
	TITLE_MAX,
	REASON_MAX,
	normalise,
	isOverdue,
	needsReason
} from '../collab/schema';
export type { ActionStatus, ActionValue, NormaliseContext } from '../collab/schema';
