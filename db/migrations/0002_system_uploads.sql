PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_import_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`filename` text NOT NULL,
	`encoding` text NOT NULL,
	`sheets` text NOT NULL,
	`uploaded_by` integer,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_import_uploads`("id", "filename", "encoding", "sheets", "uploaded_by", "uploaded_at") SELECT "id", "filename", "encoding", "sheets", "uploaded_by", "uploaded_at" FROM `import_uploads`;--> statement-breakpoint
DROP TABLE `import_uploads`;--> statement-breakpoint
ALTER TABLE `__new_import_uploads` RENAME TO `import_uploads`;--> statement-breakpoint
PRAGMA foreign_keys=ON;