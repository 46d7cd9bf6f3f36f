CREATE TABLE `case_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`kind` text NOT NULL,
	`compartment` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_event_case_idx` ON `case_event` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_file` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`forms` text NOT NULL,
	`status` text DEFAULT 'registered' NOT NULL,
	`ave_phase` integer DEFAULT 1 NOT NULL,
	`owner_id` integer,
	`case_lead_id` integer,
	`process_lead_id` integer,
	`reflection_start` text,
	`reflection_end` text,
	`cosm_start` text,
	`cosm_end` text,
	`created_at` integer NOT NULL,
	`created_by` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`subject_id`) REFERENCES `subject`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_lead_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`process_lead_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_file_reference_unique` ON `case_file` (`reference`);--> statement-breakpoint
CREATE INDEX `case_subject_idx` ON `case_file` (`subject_id`);--> statement-breakpoint
CREATE INDEX `case_owner_idx` ON `case_file` (`owner_id`);--> statement-breakpoint
CREATE TABLE `case_intervention` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`decided_on` text,
	`note` text,
	`created_at` integer NOT NULL,
	`created_by` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `case_link` (
	`case_a` integer NOT NULL,
	`case_b` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`case_a`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_b`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_link_unique` ON `case_link` (`case_a`,`case_b`);--> statement-breakpoint
CREATE TABLE `case_participant` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`invited_by` integer,
	`invited_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_participant_user_idx` ON `case_participant` (`user_id`);--> statement-breakpoint
CREATE INDEX `case_participant_case_idx` ON `case_participant` (`case_id`);--> statement-breakpoint
CREATE TABLE `case_phase` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`phase` integer NOT NULL,
	`at` integer NOT NULL,
	`by_user_id` integer,
	`note` text,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `case_signal` (
	`case_id` integer NOT NULL,
	`signal_id` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_signal_unique` ON `case_signal` (`case_id`,`signal_id`);--> statement-breakpoint
CREATE TABLE `case_table` (
	`case_id` integer NOT NULL,
	`table_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	`added_by` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`table_id`) REFERENCES `deliberation_table`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_table_unique` ON `case_table` (`case_id`,`table_id`);--> statement-breakpoint
CREATE INDEX `case_table_table_idx` ON `case_table` (`table_id`);--> statement-breakpoint
CREATE TABLE `case_veiligheid` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`police_info` text,
	`investigation` text,
	`bibob_info` text,
	`updated_at` integer,
	`updated_by` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `case_zorg` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`care_needs` text,
	`health` text,
	`shelter` text,
	`consent_status` text DEFAULT 'not_asked' NOT NULL,
	`consent_by` text,
	`consent_date` text,
	`consent_scope` text,
	`consent_withdrawn_on` text,
	`sharing_weighing` text,
	`covenant_article` text,
	`informed` integer,
	`not_informed_reason` text,
	`comensha` text DEFAULT 'to_do' NOT NULL,
	`comensha_by` text,
	`updated_at` integer,
	`updated_by` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `subject` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`date_of_birth` text,
	`nationality` text,
	`residence_category` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
