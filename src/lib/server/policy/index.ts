/**
 * The one access policy (DESIGN.md §3). Pure: every rule is a function over facts the domain
 * loads and passes in; nothing here queries, reads the clock or imports anything but types, so
 * the whole policy is tested as a matrix against an oracle written from the design
 * (tests/oracle/), and every load, action, endpoint, export and collaboration connection asks it
 * first. List queries take their scope from here too. One file per capability:
 *
 *   actor.ts       who is asking, guardians, pages, administration, tables
 *   signals.ts     signals and the reporter's view
 *   cases.ts       reach, compartments, managing a case, list scope, timeline entries
 *   meetings.ts    planning, deciding, agenda items, notes, live documents
 *   escalations.ts route tables, seeing and stepping an escalation, cited decisions
 *   actions.ts     the action board, action owners
 */
export * from './actor';
export * from './signals';
export * from './cases';
export * from './meetings';
export * from './escalations';
export * from './actions';
