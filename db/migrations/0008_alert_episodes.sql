DROP INDEX `alerts_key_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_key_uq` ON `alerts` (`key`) WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE INDEX `alerts_key_idx` ON `alerts` (`key`);