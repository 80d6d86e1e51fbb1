import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested, ValidationError } from 'class-validator';
import { DomainErrorKind, DomainException } from './domain.exception';
import { createValidationPipe, validationErrorsToFieldErrors } from './validation.pipe';

class LineDto {
  @IsString()
  description: string;

  @IsInt()
  @Min(1)
  quantity: number;
}

class CreateInvoiceDto {
  @IsString()
  clientId: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
}

const bodyOf = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'body',
  metatype,
});

function error(
  property: string | undefined,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe(validationErrorsToFieldErrors.name, () => {
  it('turns nested errors into RFC 6901 pointers, one entry per broken rule', () => {
    const errors = [
      error('lines', {}, [
        error('0', {}, [error('quantity', { min: 'too small', isInt: 'not an integer' })]),
      ]),
      error('clientId', { isString: 'clientId must be a string' }),
    ];

    expect(validationErrorsToFieldErrors(errors)).toEqual([
      { pointer: '/lines/0/quantity', message: 'too small' },
      { pointer: '/lines/0/quantity', message: 'not an integer' },
      { pointer: '/clientId', message: 'clientId must be a string' },
    ]);
  });

  it('escapes "~" and "/" in property names and honours the prefix', () => {
    const errors = [error('a/b~c', { x: 'bad' })];

    expect(validationErrorsToFieldErrors(errors, '/data')).toEqual([
      { pointer: '/data/a~1b~0c', message: 'bad' },
    ]);
  });

  it('points at the prefix itself for an error about the whole value', () => {
    const errors = [error(undefined, { unknownValue: 'an unknown value was passed' })];

    expect(validationErrorsToFieldErrors(errors)).toEqual([
      { pointer: '', message: 'an unknown value was passed' },
    ]);
  });
});

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();

  it('transforms a valid payload into the DTO class', async () => {
    const value = await sut.transform(
      { clientId: 'c1', lines: [{ description: 'Tiles', quantity: 3 }] },
      bodyOf(CreateInvoiceDto),
    );

    expect(value).toBeInstanceOf(CreateInvoiceDto);
    expect((value as CreateInvoiceDto).lines[0]).toBeInstanceOf(LineDto);
  });

  it('reports every invalid field, nested and unknown ones included', async () => {
    const result = sut.transform(
      { lines: [{ description: 'Tiles', quantity: 0, colour: 'red' }], discount: 5 },
      bodyOf(CreateInvoiceDto),
    );

    await expect(result).rejects.toBeInstanceOf(DomainException);
    const thrown = (await result.catch((e: unknown) => e)) as DomainException;
    expect(thrown).toMatchObject({
      kind: DomainErrorKind.Invalid,
      code: 'validation_failed',
      message: 'The request has invalid fields',
    });
    expect(thrown.errors.map((e) => e.pointer).sort()).toEqual([
      '/clientId',
      '/discount',
      '/lines/0/colour',
      '/lines/0/quantity',
    ]);
    expect(thrown.errors.find((e) => e.pointer === '/lines/0/quantity')?.message).toBe(
      'quantity must not be less than 1',
    );
  });
});
