ALTER TABLE "products" ADD COLUMN "tag_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "active_variants" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "option_names" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "option_values" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Backfill from the rows the catalog writes keep them from (catalog/derived.ts does the same).
UPDATE "products" p SET
  "tag_ids" = coalesce((SELECT array_agg(pt.tag_id ORDER BY pt.tag_id) FROM "product_tags" pt WHERE pt.product_id = p.id), '{}'),
  "active_variants" = (SELECT count(*)::int FROM "variants" v WHERE v.product_id = p.id AND v.active),
  "option_names" = coalesce(o.names, '{}'),
  "option_values" = coalesce(o.vals, '{}')
FROM "products" src
LEFT JOIN LATERAL (
  SELECT array_agg(d.key ORDER BY d.key, d.value) AS names, array_agg(d.value ORDER BY d.key, d.value) AS vals
  FROM (SELECT DISTINCT e.key, e.value FROM "variants" v, jsonb_each_text(v.options) e
        WHERE v.product_id = src.id AND v.active) d) o ON true
WHERE p.id = src.id;
