-- to_json of a text, which depends on nothing but its argument (to_json itself is only stable
-- because other types' output depends on settings): usable in a stored generated column.
CREATE OR REPLACE FUNCTION catalog_json_string(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT to_json(value)::text $$;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "list_fields_json" text GENERATED ALWAYS AS ('","slug":' || catalog_json_string(slug) || ',"name":' || catalog_json_string(name) || ',"priceMin":' || price_min::text || ',"priceMax":' || price_max::text || ',"currency":' || catalog_json_string(currency)) STORED;
