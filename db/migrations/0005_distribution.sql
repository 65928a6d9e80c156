-- 0005 distribution to member units: budgets, requisitions, shipments and member returns, receipt confirmations
-- and discrepancies, stocktakes, consumption, recalls; one in-transit location per receiving unit; each balance's
-- batch expiry (for the FEFO walk); the recall a 退货单 was ordered by; the document
-- series widened (TK 退库单, PD 盘点单, CK 消耗出库单, ZH 召回单, JS 内部结算单), which rebuilds `documents`.
-- Written by hand from drizzle-kit's output: the rebuild of `documents` runs with legacy_alter_table on, because
-- other tables' triggers (postedRowTriggers) name `documents` and a modern RENAME would refuse to leave them
-- pointing at a table dropped a statement earlier (the runner already switches foreign keys off around it);
-- the triggers of `documents` itself (0003) are dropped with it and created again below, word for word.
CREATE TABLE `consumption_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consumption_lines_quantity_ck" CHECK("quantity" > 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `consumption_lines_line_uq` ON `consumption_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `consumption_lines_item_uq` ON `consumption_lines` (`document_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `consumptions` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`store_id` integer NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`target` text DEFAULT 'patients' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`source_file` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consumptions_target_ck" CHECK("target" IN ('patients', 'department')),
	CONSTRAINT "consumptions_from_ck" CHECK("period_from" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "consumptions_to_ck" CHECK("period_to" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "consumptions_period_ck" CHECK("period_from" <= "period_to")
) STRICT;
--> statement-breakpoint
CREATE INDEX `consumptions_store_idx` ON `consumptions` (`store_id`);--> statement-breakpoint
CREATE TABLE `recall_batches` (
	`document_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`previous_status` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`document_id`, `batch_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recall_batches_previous_status_ck" CHECK("previous_status" IN ('normal', 'on_hold', 'recalled')),
	CONSTRAINT "recall_batches_quantity_ck" CHECK("quantity" >= 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `recall_batches_batch_idx` ON `recall_batches` (`batch_id`);--> statement-breakpoint
CREATE TABLE `recalls` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`item_id` integer NOT NULL,
	`batch_no` text NOT NULL,
	`reason` text NOT NULL,
	`notice_no` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recalls_reason_ck" CHECK(length("reason") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `recalls_item_batch_idx` ON `recalls` (`item_id`,`batch_no`);--> statement-breakpoint
CREATE TABLE `requisition_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`item_id` integer NOT NULL,
	`requested_quantity` integer NOT NULL,
	`suggested_quantity` integer,
	`approved_quantity` integer,
	`approve_reason` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "requisition_lines_requested_ck" CHECK("requested_quantity" > 0),
	CONSTRAINT "requisition_lines_suggested_ck" CHECK("suggested_quantity" IS NULL OR "suggested_quantity" >= 0),
	CONSTRAINT "requisition_lines_approved_ck" CHECK("approved_quantity" IS NULL OR "approved_quantity" >= 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `requisition_lines_line_uq` ON `requisition_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `requisition_lines_item_uq` ON `requisition_lines` (`document_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `requisition_lines_item_idx` ON `requisition_lines` (`item_id`);--> statement-breakpoint
CREATE TABLE `requisitions` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`review_unit_id` integer,
	`budget_year` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`review_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `requisitions_unit_idx` ON `requisitions` (`unit_id`);--> statement-breakpoint
CREATE INDEX `requisitions_review_unit_idx` ON `requisitions` (`review_unit_id`);--> statement-breakpoint
CREATE TABLE `shipment_discrepancies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`shipment_line_id` integer NOT NULL,
	`kind` text NOT NULL,
	`quantity` integer NOT NULL,
	`reason` text NOT NULL,
	`opened_at` text NOT NULL,
	`opened_by` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`resolution_note` text DEFAULT '' NOT NULL,
	`requested_by` text,
	`requested_by_user_id` integer,
	`requested_at` text,
	`resolved_by` text,
	`resolved_at` text,
	`reshipment_id` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipment_line_id`) REFERENCES `shipment_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reshipment_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_discrepancies_kind_ck" CHECK("kind" IN ('short', 'damaged', 'excess')),
	CONSTRAINT "shipment_discrepancies_status_ck" CHECK("status" IN ('open', 'pending_write_off', 'resolved')),
	CONSTRAINT "shipment_discrepancies_resolution_ck" CHECK("resolution" IS NULL OR "resolution" IN ('found', 'returned', 'write_off', 'reshipped', 'excess_accepted', 'excess_returned')),
	CONSTRAINT "shipment_discrepancies_quantity_ck" CHECK("quantity" > 0),
	CONSTRAINT "shipment_discrepancies_reason_ck" CHECK(length("reason") > 0),
	CONSTRAINT "shipment_discrepancies_resolved_ck" CHECK(("status" = 'open') = ("resolution" IS NULL))
) STRICT;
--> statement-breakpoint
CREATE INDEX `shipment_discrepancies_document_idx` ON `shipment_discrepancies` (`document_id`);--> statement-breakpoint
CREATE INDEX `shipment_discrepancies_status_idx` ON `shipment_discrepancies` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_discrepancies_line_kind_uq` ON `shipment_discrepancies` (`shipment_line_id`,`kind`);--> statement-breakpoint
CREATE TABLE `shipment_line_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`shipment_line_id` integer NOT NULL,
	`code` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipment_line_id`) REFERENCES `shipment_lines`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_line_codes_uq` ON `shipment_line_codes` (`shipment_line_id`,`code`);--> statement-breakpoint
CREATE INDEX `shipment_line_codes_code_idx` ON `shipment_line_codes` (`code`);--> statement-breakpoint
CREATE INDEX `shipment_line_codes_document_idx` ON `shipment_line_codes` (`document_id`);--> statement-breakpoint
CREATE TABLE `shipment_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`requisition_line_id` integer,
	`item_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`near_minimum` integer DEFAULT 0 NOT NULL,
	`swap_reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requisition_line_id`) REFERENCES `requisition_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_lines_quantity_ck" CHECK("quantity" > 0),
	CONSTRAINT "shipment_lines_amount_ck" CHECK("amount_micro" >= 0),
	CONSTRAINT "shipment_lines_near_minimum_ck" CHECK("near_minimum" IN (0, 1))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_lines_line_uq` ON `shipment_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `shipment_lines_requisition_line_idx` ON `shipment_lines` (`requisition_line_id`);--> statement-breakpoint
CREATE INDEX `shipment_lines_batch_idx` ON `shipment_lines` (`batch_id`);--> statement-breakpoint
CREATE TABLE `shipment_receipts` (
	`shipment_line_id` integer PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL,
	`received_quantity` integer NOT NULL,
	`damaged_quantity` integer DEFAULT 0 NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`shipment_line_id`) REFERENCES `shipment_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_receipts_received_ck" CHECK("received_quantity" >= 0),
	CONSTRAINT "shipment_receipts_damaged_ck" CHECK("damaged_quantity" >= 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `shipment_receipts_document_idx` ON `shipment_receipts` (`document_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`requisition_id` integer,
	`from_store_id` integer NOT NULL,
	`to_store_id` integer NOT NULL,
	`member_unit_id` integer NOT NULL,
	`transit_location_id` integer NOT NULL,
	`return_reason` text DEFAULT '' NOT NULL,
	`recall_id` integer,
	`reship_of_id` integer,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requisition_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transit_location_id`) REFERENCES `stock_locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recall_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reship_of_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipments_kind_ck" CHECK("kind" IN ('transfer', 'return')),
	CONSTRAINT "shipments_stores_ck" CHECK("from_store_id" <> "to_store_id"),
	CONSTRAINT "shipments_return_reason_ck" CHECK(("kind" = 'transfer') = ("return_reason" = '')),
	CONSTRAINT "shipments_return_reason_list_ck" CHECK("return_reason" IN ('', 'near_expiry', 'overstock', 'quality', 'recall', 'redistribution', 'other'))
) STRICT;
--> statement-breakpoint
CREATE INDEX `shipments_requisition_idx` ON `shipments` (`requisition_id`);--> statement-breakpoint
CREATE INDEX `shipments_member_unit_idx` ON `shipments` (`member_unit_id`);--> statement-breakpoint
CREATE INDEX `shipments_from_store_idx` ON `shipments` (`from_store_id`);--> statement-breakpoint
CREATE INDEX `shipments_to_store_idx` ON `shipments` (`to_store_id`);--> statement-breakpoint
CREATE INDEX `shipments_recall_idx` ON `shipments` (`recall_id`);--> statement-breakpoint
CREATE TABLE `stocktake_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`item_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`book_quantity` integer NOT NULL,
	`counted_quantity` integer,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stocktake_lines_book_ck" CHECK("book_quantity" >= 0),
	CONSTRAINT "stocktake_lines_counted_ck" CHECK("counted_quantity" IS NULL OR "counted_quantity" >= 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `stocktake_lines_line_uq` ON `stocktake_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `stocktake_lines_batch_uq` ON `stocktake_lines` (`document_id`,`batch_id`);--> statement-breakpoint
CREATE TABLE `stocktakes` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`store_id` integer NOT NULL,
	`snapshot_at` text NOT NULL,
	`snapshot_move_id` integer NOT NULL,
	`category` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `stocktakes_store_idx` ON `stocktakes` (`store_id`);--> statement-breakpoint
CREATE TABLE `unit_budgets` (
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`over_rule` text DEFAULT 'block' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`unit_id`, `year`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "unit_budgets_amount_ck" CHECK("amount_micro" >= 0),
	CONSTRAINT "unit_budgets_year_ck" CHECK("year" BETWEEN 2000 AND 9999),
	CONSTRAINT "unit_budgets_over_rule_ck" CHECK("over_rule" IN ('block', 'warn'))
) STRICT;
--> statement-breakpoint
PRAGMA legacy_alter_table=ON;--> statement-breakpoint
CREATE TABLE `__new_documents` (
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
	CONSTRAINT "documents_series_ck" CHECK("series" IN ('ML', 'CG', 'RK', 'TH', 'BS', 'QT', 'QL', 'DB', 'FH', 'FP', 'FK', 'TK', 'PD', 'CK', 'ZH', 'JS')),
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
INSERT INTO `__new_documents`("id", "type", "series", "year", "seq", "number", "state", "version", "posted", "reverses_id", "created_at", "created_by", "created_by_user_id", "updated_at", "updated_by") SELECT "id", "type", "series", "year", "seq", "number", "state", "version", "posted", "reverses_id", "created_at", "created_by", "created_by_user_id", "updated_at", "updated_by" FROM `documents`;--> statement-breakpoint
DROP TABLE `documents`;--> statement-breakpoint
ALTER TABLE `__new_documents` RENAME TO `documents`;--> statement-breakpoint
PRAGMA legacy_alter_table=OFF;--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number_uq` ON `documents` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_series_year_seq_uq` ON `documents` (`series`,`year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_reverses_uq` ON `documents` (`reverses_id`);--> statement-breakpoint
CREATE INDEX `documents_type_state_idx` ON `documents` (`type`,`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `stock_locations_transit_uq` ON `stock_locations` (`unit_id`) WHERE kind = 'transit';--> statement-breakpoint
ALTER TABLE `stock_balances` ADD `expiry` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Written by hand: the existing balances take their batch's expiry.
UPDATE `stock_balances` SET `expiry` = (SELECT `expiry` FROM `stock_batches` WHERE `id` = `stock_balances`.`batch_id`);--> statement-breakpoint
CREATE INDEX `stock_balances_fefo_idx` ON `stock_balances` (`item_id`,`location_id`,`expiry`,`batch_id`);--> statement-breakpoint
ALTER TABLE `stock_adjustments` ADD `recall_id` integer REFERENCES documents(id);--> statement-breakpoint
CREATE INDEX `stock_adjustments_recall_idx` ON `stock_adjustments` (`recall_id`);--> statement-breakpoint
-- The triggers of `documents` (0003_documents.sql), unchanged.
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
-- Written by hand: each distribution document's own tables are immutable once it is posted (postedRowTriggers).
CREATE TRIGGER `requisitions_posted_no_insert` BEFORE INSERT ON `requisitions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisitions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `requisitions_posted_no_update` BEFORE UPDATE ON `requisitions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisitions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `requisitions_posted_no_delete` BEFORE DELETE ON `requisitions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisitions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `requisition_lines_posted_no_insert` BEFORE INSERT ON `requisition_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisition_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `requisition_lines_posted_no_update` BEFORE UPDATE ON `requisition_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisition_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `requisition_lines_posted_no_delete` BEFORE DELETE ON `requisition_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its requisition_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_posted_no_insert` BEFORE INSERT ON `shipments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipments rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_posted_no_update` BEFORE UPDATE ON `shipments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipments rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_posted_no_delete` BEFORE DELETE ON `shipments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipments rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_posted_no_insert` BEFORE INSERT ON `shipment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_posted_no_update` BEFORE UPDATE ON `shipment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_posted_no_delete` BEFORE DELETE ON `shipment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_line_codes_posted_no_insert` BEFORE INSERT ON `shipment_line_codes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_line_codes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_line_codes_posted_no_update` BEFORE UPDATE ON `shipment_line_codes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_line_codes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_line_codes_posted_no_delete` BEFORE DELETE ON `shipment_line_codes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its shipment_line_codes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktakes_posted_no_insert` BEFORE INSERT ON `stocktakes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktakes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktakes_posted_no_update` BEFORE UPDATE ON `stocktakes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktakes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktakes_posted_no_delete` BEFORE DELETE ON `stocktakes` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktakes rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktake_lines_posted_no_insert` BEFORE INSERT ON `stocktake_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktake_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktake_lines_posted_no_update` BEFORE UPDATE ON `stocktake_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktake_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `stocktake_lines_posted_no_delete` BEFORE DELETE ON `stocktake_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stocktake_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumptions_posted_no_insert` BEFORE INSERT ON `consumptions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumptions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumptions_posted_no_update` BEFORE UPDATE ON `consumptions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumptions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumptions_posted_no_delete` BEFORE DELETE ON `consumptions` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumptions rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumption_lines_posted_no_insert` BEFORE INSERT ON `consumption_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumption_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumption_lines_posted_no_update` BEFORE UPDATE ON `consumption_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumption_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `consumption_lines_posted_no_delete` BEFORE DELETE ON `consumption_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its consumption_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recalls_posted_no_insert` BEFORE INSERT ON `recalls` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recalls rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recalls_posted_no_update` BEFORE UPDATE ON `recalls` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recalls rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recalls_posted_no_delete` BEFORE DELETE ON `recalls` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recalls rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recall_batches_posted_no_insert` BEFORE INSERT ON `recall_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recall_batches rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recall_batches_posted_no_update` BEFORE UPDATE ON `recall_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recall_batches rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `recall_batches_posted_no_delete` BEFORE DELETE ON `recall_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its recall_batches rows cannot change'); END;
--> statement-breakpoint
-- 签收 is recorded once per line and never changed.
CREATE TRIGGER `shipment_receipts_no_update` BEFORE UPDATE ON `shipment_receipts` BEGIN SELECT RAISE(ABORT, 'shipment_receipts is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_receipts_no_delete` BEFORE DELETE ON `shipment_receipts` BEGIN SELECT RAISE(ABORT, 'shipment_receipts is append-only'); END;
--> statement-breakpoint
-- A discrepancy is kept: only its resolution columns change, and a resolved one stays resolved.
CREATE TRIGGER `shipment_discrepancies_no_delete` BEFORE DELETE ON `shipment_discrepancies` BEGIN SELECT RAISE(ABORT, 'discrepancies are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_discrepancies_fixed` BEFORE UPDATE ON `shipment_discrepancies`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`document_id` IS NOT OLD.`document_id` OR NEW.`shipment_line_id` IS NOT OLD.`shipment_line_id`
  OR NEW.`kind` IS NOT OLD.`kind` OR NEW.`quantity` IS NOT OLD.`quantity` OR NEW.`reason` IS NOT OLD.`reason`
  OR NEW.`opened_at` IS NOT OLD.`opened_at` OR NEW.`opened_by` IS NOT OLD.`opened_by` OR OLD.`status` = 'resolved'
BEGIN SELECT RAISE(ABORT, 'a discrepancy keeps what was found; only an open one is resolved'); END;
