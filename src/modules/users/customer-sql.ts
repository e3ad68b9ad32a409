import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { users } from './tables';

// The customer's name and email as SQL expressions, for the checkout's cart-locking statement (one
// round trip fewer than reading the account on its own). Each takes the SQL of the user's id and
// reads the users table through its primary key, so callers never name it.

/** The account's email and name, as one JSON object ({ email, name }; NULL for no such account). */
export const customerOf = (userId: SQLWrapper): SQL<{ email: string; name: string } | null> =>
  sql`(SELECT json_build_object('email', usr.email, 'name', usr.name) FROM ${users} usr WHERE usr.id = ${userId})`;
