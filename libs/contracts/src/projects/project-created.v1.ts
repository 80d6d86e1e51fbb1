import { Type } from 'class-transformer';
import {
  IsDateString,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Money } from '../common/money';

/**
 * `projects.project.created` v1: a project exists, either created directly or from a converted
 * lead (`sourceLeadId`). CRM links the lead to it; finance opens the project's ledger.
 */
export class ProjectCreatedV1 {
  @IsUUID()
  projectId: string;

  /** Per-tenant project code, e.g. `P-2026-014`. */
  @IsString()
  @MaxLength(32)
  code: string;

  @IsString()
  @MaxLength(200)
  name: string;

  @IsUUID()
  clientId: string;

  /** The lead this project was converted from, when it was. */
  @IsOptional()
  @IsUUID()
  sourceLeadId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Money)
  fee?: Money;

  @IsOptional()
  @IsUUID()
  managerId?: string;

  /** `YYYY-MM-DD` in the tenant's time zone. */
  @IsOptional()
  @IsDateString({ strict: true })
  startDate?: string;

  /** Target handover date, `YYYY-MM-DD` in the tenant's time zone. */
  @IsOptional()
  @IsDateString({ strict: true })
  handoverDate?: string;
}
