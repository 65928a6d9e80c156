CREATE TABLE `invoice_exception_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`invoice_line_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`approved_by` text NOT NULL,
	`approved_by_user_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_line_id`) REFERENCES `supplier_invoice_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoice_exception_approvals_kind_ck" CHECK("kind" IN ('quantity', 'price_order', 'price_ceiling', 'price_vbp', 'two_invoice')),
	CONSTRAINT "invoice_exception_approvals_reason_ck" CHECK(length("reason") > 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_exception_approvals_uq` ON `invoice_exception_approvals` (`invoice_line_id`,`kind`);--> statement-breakpoint
CREATE INDEX `invoice_exception_approvals_document_idx` ON `invoice_exception_approvals` (`document_id`);--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`booked_on` text NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`document_id` integer,
	`summary` text NOT NULL,
	`reverses_entry_id` integer,
	`at` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "journal_entries_kind_ck" CHECK("kind" IN ('purchase', 'transfer', 'consumption', 'adjustment', 'invoice', 'payment', 'insurance', 'red_invoice')),
	CONSTRAINT "journal_entries_booked_ck" CHECK("booked_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "journal_entries_month_ck" CHECK("month" = substr("booked_on", 1, 7)),
	CONSTRAINT "journal_entries_summary_ck" CHECK(length("summary") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `journal_entries_unit_month_idx` ON `journal_entries` (`unit_id`,`month`);--> statement-breakpoint
CREATE INDEX `journal_entries_document_idx` ON `journal_entries` (`document_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_month_idx` ON `journal_entries` (`month`);--> statement-breakpoint
CREATE TABLE `journal_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`account` text NOT NULL,
	`debit_micro` integer DEFAULT 0 NOT NULL,
	`credit_micro` integer DEFAULT 0 NOT NULL,
	`supplier_id` integer,
	`counter_unit_id` integer,
	`item_category` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "journal_lines_account_ck" CHECK("account" IN ('inventory', 'grni', 'accounts_payable', 'interunit', 'drug_expense', 'stock_gain', 'stock_loss', 'other_in', 'other_out', 'price_variance', 'bank', 'insurance_clearing')),
	CONSTRAINT "journal_lines_kind_ck" CHECK("kind" IN ('purchase', 'transfer', 'consumption', 'adjustment', 'invoice', 'payment', 'insurance', 'red_invoice')),
	CONSTRAINT "journal_lines_one_side_ck" CHECK(("debit_micro" = 0) + ("credit_micro" = 0) = 1),
	CONSTRAINT "journal_lines_category_ck" CHECK("item_category" IN ('', 'western', 'chinese_patent', 'herbal', 'consumable', 'reagent', 'preparation'))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_lines_line_uq` ON `journal_lines` (`entry_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `journal_lines_unit_account_month_idx` ON `journal_lines` (`unit_id`,`account`,`month`,`kind`);--> statement-breakpoint
CREATE INDEX `journal_lines_account_supplier_idx` ON `journal_lines` (`account`,`supplier_id`);--> statement-breakpoint
CREATE INDEX `journal_lines_counter_unit_idx` ON `journal_lines` (`counter_unit_id`,`account`,`month`);--> statement-breakpoint
CREATE TABLE `payable_settlements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payable_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount_micro` integer NOT NULL,
	`settled_on` text NOT NULL,
	`reference` text NOT NULL,
	`payment_line_id` integer,
	`document_id` integer,
	`reverses_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	FOREIGN KEY (`payable_id`) REFERENCES `payables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_line_id`) REFERENCES `payment_batch_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_id`) REFERENCES `payable_settlements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payable_settlements_kind_ck" CHECK("kind" IN ('bank', 'insurance', 'red_invoice')),
	CONSTRAINT "payable_settlements_amount_ck" CHECK("amount_micro" <> 0),
	CONSTRAINT "payable_settlements_sign_ck" CHECK(("reverses_id" IS NULL) = ("amount_micro" > 0)),
	CONSTRAINT "payable_settlements_reversal_reason_ck" CHECK("reverses_id" IS NULL OR length("reason") > 0),
	CONSTRAINT "payable_settlements_bank_ck" CHECK(("kind" = 'bank') = ("payment_line_id" IS NOT NULL)),
	CONSTRAINT "payable_settlements_on_ck" CHECK("settled_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
--> statement-breakpoint
CREATE INDEX `payable_settlements_payable_idx` ON `payable_settlements` (`payable_id`);--> statement-breakpoint
CREATE INDEX `payable_settlements_line_idx` ON `payable_settlements` (`payment_line_id`);--> statement-breakpoint
CREATE INDEX `payable_settlements_document_idx` ON `payable_settlements` (`document_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payable_settlements_reverses_uq` ON `payable_settlements` (`reverses_id`) WHERE reverses_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `payables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`invoice_line_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`receipt_line_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`delivered_on` text NOT NULL,
	`accepted_on` text NOT NULL,
	`due_on` text NOT NULL,
	`rule` text NOT NULL,
	`rule_days` integer NOT NULL,
	`vbp` integer DEFAULT 0 NOT NULL,
	`sme` integer DEFAULT 0 NOT NULL,
	`interest_rate_bp` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_line_id`) REFERENCES `supplier_invoice_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payables_amount_ck" CHECK("amount_micro" > 0),
	CONSTRAINT "payables_rule_ck" CHECK("rule" IN ('vbp', 'sme_statutory', 'sme_contract', 'contract', 'default')),
	CONSTRAINT "payables_delivered_ck" CHECK("delivered_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "payables_accepted_ck" CHECK("accepted_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "payables_due_ck" CHECK("due_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "payables_vbp_ck" CHECK("vbp" IN (0, 1)),
	CONSTRAINT "payables_sme_ck" CHECK("sme" IN (0, 1))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `payables_invoice_line_uq` ON `payables` (`invoice_line_id`);--> statement-breakpoint
CREATE INDEX `payables_supplier_due_idx` ON `payables` (`supplier_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `payables_due_idx` ON `payables` (`due_on`);--> statement-breakpoint
CREATE INDEX `payables_invoice_idx` ON `payables` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `payment_batch_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`payable_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payable_id`) REFERENCES `payables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_batch_lines_amount_ck" CHECK("amount_micro" > 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_batch_lines_line_uq` ON `payment_batch_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_batch_lines_payable_uq` ON `payment_batch_lines` (`document_id`,`payable_id`);--> statement-breakpoint
CREATE INDEX `payment_batch_lines_payable_idx` ON `payment_batch_lines` (`payable_id`);--> statement-breakpoint
CREATE TABLE `payment_batches` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`bank_profile` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `settlement_statements` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`month` text NOT NULL,
	`opening_micro` integer NOT NULL,
	`received_micro` integer NOT NULL,
	`returned_micro` integer NOT NULL,
	`consumed_micro` integer NOT NULL,
	`adjusted_micro` integer NOT NULL,
	`closing_micro` integer NOT NULL,
	`centre_received_micro` integer NOT NULL,
	`centre_returned_micro` integer NOT NULL,
	`member_note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "settlement_statements_month_ck" CHECK("month" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
	CONSTRAINT "settlement_statements_closing_ck" CHECK("closing_micro" = "opening_micro" + "received_micro" - "returned_micro" - "consumed_micro" + "adjusted_micro")
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_statements_unit_month_uq` ON `settlement_statements` (`unit_id`,`month`);--> statement-breakpoint
CREATE INDEX `settlement_statements_month_idx` ON `settlement_statements` (`month`);--> statement-breakpoint
CREATE TABLE `supplier_invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`receipt_line_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supplier_invoice_lines_quantity_ck" CHECK("quantity" <> 0),
	CONSTRAINT "supplier_invoice_lines_sign_ck" CHECK(("quantity" > 0 AND "amount_micro" >= 0) OR ("quantity" < 0 AND "amount_micro" <= 0))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_invoice_lines_line_uq` ON `supplier_invoice_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_invoice_lines_receipt_line_uq` ON `supplier_invoice_lines` (`document_id`,`receipt_line_id`);--> statement-breakpoint
CREATE INDEX `supplier_invoice_lines_receipt_line_idx` ON `supplier_invoice_lines` (`receipt_line_id`);--> statement-breakpoint
CREATE TABLE `supplier_invoices` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`supplier_id` integer NOT NULL,
	`medium` text NOT NULL,
	`invoice_code` text DEFAULT '' NOT NULL,
	`invoice_no` text NOT NULL,
	`number_key` text NOT NULL,
	`issued_on` text NOT NULL,
	`amount_micro` integer NOT NULL,
	`amount_ex_tax_micro` integer NOT NULL,
	`tax_micro` integer NOT NULL,
	`tax_rate_bp` integer NOT NULL,
	`red_of_id` integer,
	`source_file` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`red_of_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supplier_invoices_medium_ck" CHECK("medium" IN ('digital', 'paper')),
	CONSTRAINT "supplier_invoices_number_ck" CHECK(("medium" = 'digital' AND "invoice_code" = '' AND length("invoice_no") = 20 AND "invoice_no" NOT GLOB '*[^0-9]*') OR ("medium" = 'paper' AND length("invoice_code") IN (10, 12) AND "invoice_code" NOT GLOB '*[^0-9]*' AND length("invoice_no") = 8 AND "invoice_no" NOT GLOB '*[^0-9]*')),
	CONSTRAINT "supplier_invoices_key_ck" CHECK("number_key" = "invoice_code" || "invoice_no"),
	CONSTRAINT "supplier_invoices_issued_ck" CHECK("issued_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "supplier_invoices_amount_ck" CHECK("amount_micro" = "amount_ex_tax_micro" + "tax_micro"),
	CONSTRAINT "supplier_invoices_red_ck" CHECK(("red_of_id" IS NULL AND "amount_micro" >= 0) OR ("red_of_id" IS NOT NULL AND "amount_micro" <= 0)),
	CONSTRAINT "supplier_invoices_rate_ck" CHECK("tax_rate_bp" BETWEEN 0 AND 10000)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_invoices_number_uq` ON `supplier_invoices` (`number_key`);--> statement-breakpoint
CREATE INDEX `supplier_invoices_supplier_idx` ON `supplier_invoices` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `supplier_invoices_red_of_idx` ON `supplier_invoices` (`red_of_id`);--> statement-breakpoint
CREATE TABLE `supplier_terms` (
	`supplier_id` integer PRIMARY KEY NOT NULL,
	`term_days` integer,
	`from_acceptance` integer DEFAULT 1 NOT NULL,
	`interest_rate_bp` integer,
	`note` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supplier_terms_days_ck" CHECK("term_days" IS NULL OR "term_days" BETWEEN 0 AND 3650),
	CONSTRAINT "supplier_terms_from_acceptance_ck" CHECK("from_acceptance" IN (0, 1)),
	CONSTRAINT "supplier_terms_rate_ck" CHECK("interest_rate_bp" IS NULL OR "interest_rate_bp" BETWEEN 0 AND 100000)
) STRICT;
--> statement-breakpoint
-- Each document type's own tables are immutable once posted (core/documents/immutability.ts postedRowTriggers).
CREATE TRIGGER `supplier_invoices_posted_no_insert` BEFORE INSERT ON `supplier_invoices` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoices rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `supplier_invoices_posted_no_update` BEFORE UPDATE ON `supplier_invoices` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoices rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `supplier_invoices_posted_no_delete` BEFORE DELETE ON `supplier_invoices` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoices rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `supplier_invoice_lines_posted_no_insert` BEFORE INSERT ON `supplier_invoice_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoice_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `supplier_invoice_lines_posted_no_update` BEFORE UPDATE ON `supplier_invoice_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoice_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `supplier_invoice_lines_posted_no_delete` BEFORE DELETE ON `supplier_invoice_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its supplier_invoice_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batches_posted_no_insert` BEFORE INSERT ON `payment_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batches rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batches_posted_no_update` BEFORE UPDATE ON `payment_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batches rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batches_posted_no_delete` BEFORE DELETE ON `payment_batches` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batches rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batch_lines_posted_no_insert` BEFORE INSERT ON `payment_batch_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batch_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batch_lines_posted_no_update` BEFORE UPDATE ON `payment_batch_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batch_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `payment_batch_lines_posted_no_delete` BEFORE DELETE ON `payment_batch_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its payment_batch_lines rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `settlement_statements_posted_no_insert` BEFORE INSERT ON `settlement_statements` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its settlement_statements rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `settlement_statements_posted_no_update` BEFORE UPDATE ON `settlement_statements` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its settlement_statements rows cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `settlement_statements_posted_no_delete` BEFORE DELETE ON `settlement_statements` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its settlement_statements rows cannot change'); END;
--> statement-breakpoint
-- The journal, payables, their settlements and exception approvals are append-only: corrections are new rows.
CREATE TRIGGER `journal_entries_no_update` BEFORE UPDATE ON `journal_entries` BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only: reverse with a red-ink entry'); END;
--> statement-breakpoint
CREATE TRIGGER `journal_entries_no_delete` BEFORE DELETE ON `journal_entries` BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only: reverse with a red-ink entry'); END;
--> statement-breakpoint
CREATE TRIGGER `journal_lines_no_update` BEFORE UPDATE ON `journal_lines` BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only: reverse with a red-ink entry'); END;
--> statement-breakpoint
CREATE TRIGGER `journal_lines_no_delete` BEFORE DELETE ON `journal_lines` BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only: reverse with a red-ink entry'); END;
--> statement-breakpoint
CREATE TRIGGER `payables_no_update` BEFORE UPDATE ON `payables` BEGIN SELECT RAISE(ABORT, 'payables is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `payables_no_delete` BEFORE DELETE ON `payables` BEGIN SELECT RAISE(ABORT, 'payables is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `payable_settlements_no_update` BEFORE UPDATE ON `payable_settlements` BEGIN SELECT RAISE(ABORT, 'payable_settlements is append-only: reverse with a negated row'); END;
--> statement-breakpoint
CREATE TRIGGER `payable_settlements_no_delete` BEFORE DELETE ON `payable_settlements` BEGIN SELECT RAISE(ABORT, 'payable_settlements is append-only: reverse with a negated row'); END;
--> statement-breakpoint
CREATE TRIGGER `invoice_exception_approvals_no_update` BEFORE UPDATE ON `invoice_exception_approvals` BEGIN SELECT RAISE(ABORT, 'invoice_exception_approvals is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `invoice_exception_approvals_no_delete` BEFORE DELETE ON `invoice_exception_approvals` BEGIN SELECT RAISE(ABORT, 'invoice_exception_approvals is append-only'); END;
