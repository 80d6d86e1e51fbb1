import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Money } from '../common/money';

/**
 * `crm.lead.converted` v1: a won lead became a client engagement. Emitted once per lead by the
 * CRM service when `POST /leads/{id}/convert` succeeds; the projects service creates the project.
 */
export class LeadConvertedV1 {
  @IsUUID()
  leadId: string;

  @IsUUID()
  clientId: string;

  @IsString()
  @MaxLength(200)
  clientName: string;

  /** Proposed project name (the lead title unless changed at conversion). */
  @IsString()
  @MaxLength(200)
  projectName: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  siteAddress?: string;

  /** Fee estimate carried over from the lead's estimated value. */
  @IsOptional()
  @ValidateNested()
  @Type(() => Money)
  feeEstimate?: Money;

  /** User id of the lead owner, who becomes the proposed project manager. */
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
