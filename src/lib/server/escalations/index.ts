/**
 * Escalations (opschalingen) of a case: towards the RIEC through the AVO and the Lokale
 * Stuurtafel, or to the Zorg- en Veiligheidshuis. Only allowed transitions, by users of the
 * tables on the route; each step records who, when, a note and the decision it came from.
 * Visibility (DESIGN.md §3.3) is the policy's (`policy/escalations.ts`): an RIEC route is seen
 * only through the AVO and Stuurtafel, a ZVH route through the ZVH table and the table that
 * escalated, and a decision cited by a step only through its own table.
 *
 * One file per capability: facts (loading what the policy needs), route (proposing and stepping,
 * each one transaction with its log row), read (the board, one escalation, a case's routes, the
 * export; each noting what it returned in the view ledger).
 */
export { maySee, norms } from './facts';
export * from './route';
export * from './read';
