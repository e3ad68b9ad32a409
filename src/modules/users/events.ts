import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { recordEvent } from '../webhooks/service';
import type { UserRow } from './service';

/** Records `customer.created` for outbound webhooks in the sign-up's transaction. */
export async function announceCustomer(ctx: AppContext, tx: Tx, user: UserRow): Promise<void> {
  await recordEvent(ctx, tx, 'customer.created', {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt.toISOString(),
  });
}
