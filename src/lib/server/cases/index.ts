/**
 * Cases (casussen) and their subjects, one file per capability. Every read goes through the
 * policy: a case the actor does not reach does not exist for them (NotFoundError), each
 * compartment is loaded only when the actor may see it, and what a read returns is noted in the
 * request's view ledger. Every change is one transaction with its timeline event and log entry.
 *
 *   reach.ts       facts for the policy, reach, list scope
 *   people.ts      who may hold a case role or be invited
 *   create.ts      new cases, from a signal or about a known subject
 *   list.ts        the case list and search
 *   view.ts        one case for one viewer
 *   manage.ts      status, phase, leads, deadlines, subject (versioned edit forms)
 *   sharing.ts     tables, participants, links, and the choices the management forms offer
 *   zorg.ts        the zorg compartment and consent
 *   veiligheid.ts  the veiligheid compartment and interventions
 *   overview.ts    the start page, cases from a signal
 *   timeline.ts    writing events, reading them through the policy
 */
export {
	actorOf,
	factsById,
	factsOf,
	reach,
	reachOrNull,
	reachableIds,
	type Asker,
	type Reached
} from './reach';
export { eligiblePeople } from './people';
export { caseInput, create, subjectsForActor } from './create';
export { list, type CaseFilter, type CaseListRow } from './list';
export { get, type CaseView } from './view';
export { setDeadlines, setLeads, setPhase, setStatus, updateSubject } from './manage';
export { addParticipant, addTable, endParticipant, link, manageChoices, removeTable } from './sharing';
export { updateConsent, updateZorg, zorgInput } from './zorg';
export { addIntervention, setInterventionStatus, updateVeiligheid, veiligheidInput } from './veiligheid';
export { fromSignal, overview, type StartOverview } from './overview';
export { type TimelineEntry } from './timeline';
