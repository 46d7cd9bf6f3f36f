CREATE TABLE `collab_snapshot` (
	`document` text PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`upto` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `collab_update` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document` text NOT NULL,
	`data` blob NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `collab_update_document_idx` ON `collab_update` (`document`,`id`);