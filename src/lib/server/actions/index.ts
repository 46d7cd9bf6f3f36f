/**
 * Actions (acties), by capability. The plan documents are the source of truth; every change there
 * is validated and projected into `case_action` synchronously (collab/actions-extension.ts), so
 * "my actions", the board, reminders and exports are plain queries. The action shape and its
 * validation are the collaboration document schema's (`src/lib/collab/schema.ts`); the rules
 * (board, owners) are the policy's (`policy/actions.ts`).
 *
 *   projection.ts  documents → SQL and timeline (reconcile, projected, earliestDueDate)
 *   owners.ts      who may own an action (ownerCheck, possibleOwners)
 *   lists.ts       mine, forCase, board and their exports, noted in the view ledger
 *   changes.ts     changes from pages through an injected DocumentWriter
 */
export * from './projection';
export * from './owners';
export * from './lists';
export * from './changes';
// The board rule is the policy's; re-exported so pages ask `actions.mayUseBoard` as before.
export { mayUseBoard } from '../policy';
