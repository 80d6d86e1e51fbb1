import { IsISO4217CurrencyCode, Matches } from 'class-validator';

/** Decimal amount with up to two fraction digits, as a string (ARCHITECTURE rule 7). */
export const DECIMAL_AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;

/** An exact amount of money: decimal string (never a float) plus ISO 4217 currency code. */
export class Money {
  /** Decimal string, e.g. `"1180.00"`. */
  @Matches(DECIMAL_AMOUNT, { message: 'amount must be a decimal string with at most 2 decimals' })
  amount: string;

  /** ISO 4217 code, e.g. `INR`. */
  @IsISO4217CurrencyCode()
  currency: string;
}
