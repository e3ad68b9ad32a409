-- Written by hand: the stock statements' cart lines, (variant, quantity) pairs from two arrays.
-- Read through this function instead of unnest() so that PostgreSQL keeps their generic plan:
-- unnest()'s row estimate follows the array it is given (1 for a one-line cart) in a custom plan but
-- is 10 in the generic one, so the generic plan looked ten times dearer and every call was planned
-- again (~0.4 ms of PostgreSQL per checkout). A PL/pgSQL function is not inlined and has one
-- estimate (ROWS) whatever the arrays hold; its own query is planned once per connection.
CREATE OR REPLACE FUNCTION inventory_lines(ids uuid[], quantities integer[])
RETURNS TABLE (variant_id uuid, quantity integer)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 2 AS $$
BEGIN
  RETURN QUERY SELECT * FROM unnest(ids, quantities);
END $$;
