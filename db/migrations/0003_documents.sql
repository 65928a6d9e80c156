CREATE TABLE `document_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`version` integer NOT NULL,
	`transition` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	`at` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_events_version_ck" CHECK("version" >= 1),
	CONSTRAINT "document_events_from_ck" CHECK(("transition" = 'create') = ("from_state" IS NULL))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `document_events_document_version_uq` ON `document_events` (`document_id`,`version`);--> statement-breakpoint
CREATE TABLE `document_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`operation` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	`document_id` integer,
	`result` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_requests_id_ck" CHECK(length("request_id") BETWEEN 8 AND 64),
	CONSTRAINT "document_requests_result_ck" CHECK(json_valid("result"))
) STRICT;
--> statement-breakpoint
CREATE INDEX `document_requests_document_idx` ON `document_requests` (`document_id`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	`posted` integer DEFAULT 0 NOT NULL,
	`reverses_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`created_by_user_id` integer,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`reverses_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "documents_series_ck" CHECK("series" IN ('ML', 'CG', 'RK', 'TH', 'BS', 'QT', 'QL', 'DB', 'FH', 'FP', 'FK')),
	CONSTRAINT "documents_year_ck" CHECK("year" BETWEEN 2000 AND 9999),
	CONSTRAINT "documents_seq_ck" CHECK("seq" BETWEEN 1 AND 999999),
	CONSTRAINT "documents_number_ck" CHECK("number" = "series" || "year" || '-' || printf('%06d', "seq")),
	CONSTRAINT "documents_type_ck" CHECK("type" GLOB '[a-z]*' AND "type" NOT GLOB '*[^a-z_]*'),
	CONSTRAINT "documents_state_ck" CHECK("state" GLOB '[a-z]*' AND "state" NOT GLOB '*[^a-z_]*'),
	CONSTRAINT "documents_version_ck" CHECK("version" >= 1),
	CONSTRAINT "documents_posted_ck" CHECK("posted" IN (0, 1)),
	CONSTRAINT "documents_reverses_ck" CHECK("reverses_id" IS NULL OR "reverses_id" <> "id")
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number_uq` ON `documents` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_series_year_seq_uq` ON `documents` (`series`,`year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_reverses_uq` ON `documents` (`reverses_id`);--> statement-breakpoint
CREATE INDEX `documents_type_state_idx` ON `documents` (`type`,`state`);--> statement-breakpoint
-- Written by hand (drizzle-kit cannot express triggers). The lifecycle (core/documents/lifecycle.ts) is the only
-- writer of `documents`; the database refuses what it must never do even if code forgets.
-- A posted header keeps everything but the lifecycle's own columns (state, version, updated_at, updated_by):
-- 已过账 → 已冲销 is a transition, anything else is an edit of a posted document.
CREATE TRIGGER `documents_posted_immutable` BEFORE UPDATE ON `documents`
WHEN OLD.`posted` = 1 AND (NEW.`posted` IS NOT 1 OR NEW.`id` IS NOT OLD.`id` OR NEW.`type` IS NOT OLD.`type`
  OR NEW.`series` IS NOT OLD.`series` OR NEW.`year` IS NOT OLD.`year` OR NEW.`seq` IS NOT OLD.`seq`
  OR NEW.`number` IS NOT OLD.`number` OR NEW.`reverses_id` IS NOT OLD.`reverses_id`
  OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`created_by` IS NOT OLD.`created_by`
  OR NEW.`created_by_user_id` IS NOT OLD.`created_by_user_id`)
BEGIN SELECT RAISE(ABORT, 'document is posted: only its lifecycle state may change'); END;
--> statement-breakpoint
-- Every change of a header goes up one version: no write can slip past the optimistic check.
CREATE TRIGGER `documents_version_advances` BEFORE UPDATE ON `documents`
WHEN NEW.`version` IS NOT OLD.`version` + 1
BEGIN SELECT RAISE(ABORT, 'document version must advance by one on every change'); END;
--> statement-breakpoint
-- Numbers are gap-free and documents are kept (posted purchase records for years): nothing deletes one.
CREATE TRIGGER `documents_no_delete` BEFORE DELETE ON `documents`
BEGIN SELECT RAISE(ABORT, 'documents are never deleted: cancel or reverse them'); END;
--> statement-breakpoint
CREATE TRIGGER `document_events_no_update` BEFORE UPDATE ON `document_events` BEGIN SELECT RAISE(ABORT, 'document_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `document_events_no_delete` BEFORE DELETE ON `document_events` BEGIN SELECT RAISE(ABORT, 'document_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `document_requests_no_update` BEFORE UPDATE ON `document_requests` BEGIN SELECT RAISE(ABORT, 'document_requests is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `document_requests_no_delete` BEFORE DELETE ON `document_requests` BEGIN SELECT RAISE(ABORT, 'document_requests is append-only'); END;
