import type { Config } from '../../config';
import { CodProvider } from './cod-provider';
import type { PaymentProvider } from './provider';
import { RazorpayProvider } from './razorpay-provider';
import { StripeProvider } from './stripe-provider';
import type { PaymentProviderName } from './tables';

// One file per provider (stripe-provider.ts, razorpay-provider.ts, cod-provider.ts) behind the one
// interface of provider.ts; the service picks one by name here.
export type { OrderToPay, PaymentProvider, ProviderEvent, RefundableAttempt } from './provider';
export { RazorpayProvider } from './razorpay-provider';

export function providerFor(config: Config, name: PaymentProviderName): PaymentProvider {
  if (name === 'STRIPE') return new StripeProvider(config);
  if (name === 'RAZORPAY') return new RazorpayProvider(config);
  return new CodProvider();
}
