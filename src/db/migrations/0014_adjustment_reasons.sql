ALTER TYPE "public"."stock_movement_reason" ADD VALUE 'DAMAGED';--> statement-breakpoint
ALTER TYPE "public"."stock_movement_reason" ADD VALUE 'RECOUNT';--> statement-breakpoint
ALTER TYPE "public"."stock_movement_reason" ADD VALUE 'RECEIVED';