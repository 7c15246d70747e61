import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DocumentService } from './document.service';
import { DocumentDto, DocumentMatchDto } from './dto/document-result.dto';
import { RegisterDocumentDto, SymbolQueryDto } from './dto/register-document.dto';

// Listed with plans in the API contract, under the operation ids it has always had (no summary:
// ApiOperation would add an empty one).
@ApiTags('Kế hoạch')
@ApiBearerAuth()
@Controller('documents')
export class DocumentController {
  constructor(private readonly documents: DocumentService) {}

  @Roles('leader', 'unit_manager', 'monitor')
  @Post()
  @ApiOperation({ operationId: 'planRegisterDocument', summary: undefined })
  @ApiCreatedResponse({ type: DocumentDto })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterDocumentDto) {
    return this.documents.register(actor, dto);
  }

  /** Look-up by số/ký hiệu, with or without diacritics. */
  @Get()
  @ApiOperation({ operationId: 'planFindDocuments', summary: undefined })
  @ApiOkResponse({ type: [DocumentMatchDto] })
  find(@CurrentActor() actor: Actor, @Query() q: SymbolQueryDto) {
    return this.documents.find(actor, q.symbol);
  }
}
