/**
 * Signals (signalen): intake by front-line staff, triage by the municipality's coordinator,
 * forwarding to partners, feedback to the reporter, and anonymisation after the retention period.
 * A reporter sees only their own signals, and of those only status and feedback.
 *
 * One file per capability: intake (the form, submitting), read (inbox, own list, one signal),
 * work (triage to feedback and conversion), retention (anonymisation); shared holds the pieces
 * they share. Call sites keep `signals.submit(…)`, `signals.get(…)`.
 */
export * from './intake';
export * from './read';
export * from './work';
export * from './retention';
