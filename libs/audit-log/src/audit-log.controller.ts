import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accepts, ApiErrors, DomainError, ErrorCode } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { ConsistencyProofDto, ConsistencyQueryDto, ExportQueryDto, InclusionProofDto, InclusionQueryDto, LogKeysDto } from './audit-log.dto.js';
import { AuditLogService } from './audit-log.service.js';
import { encodeBase64, parseSize, type AuditBundle } from './merkle/index.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT } = ErrorCode;

function size(value: string, field: string): number {
  try {
    return parseSize(value, field);
  } catch (error) {
    throw DomainError.validation(`Invalid ${field}`, [{ field, messages: [(error as Error).message] }]);
  }
}

function text(res: FastifyReply, body: string): string {
  res.header('Content-Type', 'text/plain; charset=utf-8');
  return body;
}

/**
 * The transparency log over the audit trail (docs/audit-log.md), in the C2SP formats so that
 * tools we did not write can check it.
 */
@ApiTags('audit-log')
@ApiErrors(UNAUTHENTICATED)
@Controller('audit/log')
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get('checkpoint')
  @RequirePermission(Permission.AuditLogRead, 'The latest signed checkpoint (C2SP tlog-checkpoint as a signed note, text/plain)')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The signed note', schema: { type: 'string' } })
  async latest(@Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return text(res, (await this.log.latest()).note);
  }

  @Get('checkpoints/:size')
  @RequirePermission(Permission.AuditLogRead, 'The signed checkpoint of a tree size the log checkpointed (text/plain)')
  @ApiParam({ name: 'size', type: String, example: '100' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The signed note', schema: { type: 'string' } })
  @ApiErrors(VALIDATION_FAILED, NOT_FOUND)
  async checkpoint(@Param('size') sizeText: string, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return text(res, await this.log.checkpoint(size(sizeText, 'size')));
  }

  @Get('keys')
  @RequirePermission(Permission.AuditLogRead, 'The log\'s verifier keys (current and rotated out) and its origin')
  @ApiOkResponse({ type: LogKeysDto })
  keys(): LogKeysDto {
    return this.log.keysView();
  }

  @Get('proofs/inclusion')
  @RequirePermission(Permission.AuditRead, 'Inclusion proof of an audit entry of the caller\'s subtree: JSON, or the C2SP tlog-proof with Accept: text/plain')
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  async inclusion(
    @CurrentActor() actor: Actor,
    @Query() query: InclusionQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<InclusionProofDto | string> {
    const proof = await this.log.inclusion(actor, size(query.entryId, 'entryId'), query.size === undefined ? undefined : size(query.size, 'size'));
    if (accepts(req.headers.accept, ['application/json', 'text/plain']) === 'text/plain') return text(res, this.log.tlogProof(proof));
    return { index: proof.index, size: proof.size, leafData: encodeBase64(proof.leafData), hashes: proof.hashes.map(encodeBase64), checkpoint: proof.checkpoint };
  }

  @Get('proofs/consistency')
  @RequirePermission(Permission.AuditLogRead, 'Consistency proof that the tree of size `to` extends the tree of size `from`')
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiErrors(VALIDATION_FAILED, NOT_FOUND)
  async consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyProofDto> {
    const proof = await this.log.consistency(size(query.from, 'from'), size(query.to, 'to'));
    return { from: proof.from, to: proof.to, hashes: proof.hashes.map(encodeBase64), checkpoint: proof.checkpoint };
  }

  @Get('export')
  @RequirePermission(Permission.AuditRead, 'A unit subtree\'s history as a bundle the offline verifier checks (npm run audit:verify-bundle)')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The bundle (plan-cascade/audit-bundle@v1), as a download', schema: { type: 'object' } })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async export(@CurrentActor() actor: Actor, @Query() query: ExportQueryDto, @Res({ passthrough: true }) res: FastifyReply): Promise<AuditBundle> {
    const bundle = await this.log.exportBundle(actor, {
      unitId: query.unitId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      since: query.since?.map((s) => size(s, 'since')),
    });
    res.header('Content-Disposition', `attachment; filename="audit-${query.unitId}-${bundle.entries.length}.audit-bundle.json"`);
    return bundle;
  }
}
