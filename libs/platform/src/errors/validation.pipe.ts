import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DomainErrorKind, DomainException, FieldError } from './domain.exception';

/** `code` of the `DomainException` raised for invalid input (problem type `…/validation_failed`). */
export const VALIDATION_FAILED_CODE = 'validation_failed';

/** Escapes one reference token of an RFC 6901 JSON pointer (`~` → `~0`, `/` → `~1`). */
function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Flattens class-validator errors, nested ones included, into one `FieldError` per broken rule,
 * each located by an RFC 6901 JSON pointer such as `/lines/0/quantity`. An error about the value
 * as a whole (no property) points at `prefix` itself (`''` is the whole document).
 *
 * @param prefix pointer of the validated value inside the document (`''` for the root).
 */
export function validationErrorsToFieldErrors(
  errors: readonly ValidationError[],
  prefix = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const pointer =
      error.property === undefined || error.property === ''
        ? prefix
        : `${prefix}/${escapeToken(String(error.property))}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ pointer, message }));
    return [...own, ...validationErrorsToFieldErrors(error.children ?? [], pointer)];
  });
}

/**
 * The global validation pipe: strips nothing silently (`whitelist` + `forbidNonWhitelisted`, so an
 * unknown property is an error), transforms payloads into DTO instances, and reports every invalid
 * field at once as `DomainException(Invalid, 'validation_failed', …)` — a 400 problem whose
 * `errors[]` lists `{ pointer, message }` per broken rule (ARCHITECTURE.md, rule 8).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) =>
      new DomainException(
        DomainErrorKind.Invalid,
        VALIDATION_FAILED_CODE,
        'The request has invalid fields',
        validationErrorsToFieldErrors(errors),
      ),
  });
}
