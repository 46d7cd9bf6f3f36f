/**
 * Typed domain errors. Domain modules throw these; routes translate them to HTTP at the edge
 * (`$lib/server/http.ts`), so a missing or unreachable object is always a 404, never a 403.
 */
export class DomainError extends Error {
	constructor(message: string) {
		super(message);
		this.name = new.target.name;
	}
}

/** The object does not exist, or the actor does not reach it (indistinguishable on purpose). */
export class NotFoundError extends DomainError {}

/** The actor reaches the object but may not do this with it. */
export class ForbiddenError extends DomainError {}

/** The change conflicts with the current state (a transition that is not allowed, a duplicate). */
export class ConflictError extends DomainError {}

/** Input that does not pass validation; `fields` maps field names to Dutch messages. */
export class ValidationError extends DomainError {
	constructor(
		message: string,
		readonly fields: Record<string, string> = {}
	) {
		super(message);
	}
}

/**
 * A save made from an older version of the object than the stored one (another tab or person
 * saved meanwhile). The message says who changed it, when and which fields; the form keeps the
 * user's input so nothing typed is lost.
 */
export class StaleError extends ConflictError {}
