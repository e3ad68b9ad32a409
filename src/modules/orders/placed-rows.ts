import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../../platform/security';

// Values the checkout's one INSERT of an order computes in the database or ahead of it.

/** BZ-<yymmdd>-<sequence>, taken inside the order's INSERT (no round trip of its own). */
export const nextOrderNumber = sql<string>`'BZ-' || to_char(now() AT TIME ZONE 'UTC', 'YYMMDD') || '-' || nextval('order_number_seq')`;

/** The order's first history row (PENDING, UNPAID), written by the same statement as the order. */
export function firstHistoryRow(draft: { id: string; user: Pick<AuthUser, 'id' | 'role'> }) {
  return {
    id: randomUUID(),
    orderId: draft.id,
    fromStatus: null,
    toStatus: 'PENDING' as const,
    paymentStatus: 'UNPAID' as const,
    actorId: draft.user.id,
    actorRole: draft.user.role === 'ADMIN' ? 'ADMIN' : 'CUSTOMER',
    note: 'order placed',
  };
}
