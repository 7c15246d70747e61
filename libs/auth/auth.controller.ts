import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorBodyDto } from '../common/error-body.dto';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ActorDto, LoginResultDto, TokenDto } from './dto/auth-result.dto';
import { LoginDto } from './dto/login.dto';
import { TooManyLoginAttempts } from './login-throttle';

type HttpRequest = { ip?: string; socket?: { remoteAddress?: string } };
type HttpResponse = { setHeader(name: string, value: string): void };

const clientAddress = (req: HttpRequest) => req.ip ?? req.socket?.remoteAddress ?? 'unknown';

@ApiTags('Xác thực')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Wrong passwords are counted per username and per client address: past the limit, 429. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  @ApiResponse({
    status: 429,
    type: ErrorBodyDto,
    description: 'Too many wrong passwords (TOO_MANY_LOGIN_ATTEMPTS); see Retry-After.',
  })
  login(
    @Body() dto: LoginDto,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return withRetryAfter(res, () =>
      this.auth.login(dto.username, dto.password, clientAddress(req)),
    );
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: ActorDto })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  /** Changes the caller's own password and answers a new token: every older token stops working. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenDto, description: 'A new token: every older one stops working.' })
  @ApiResponse({
    status: 429,
    type: ErrorBodyDto,
    description: 'Too many wrong current passwords (TOO_MANY_LOGIN_ATTEMPTS).',
  })
  changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return withRetryAfter(res, () =>
      this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, clientAddress(req)),
    );
  }
}

async function withRetryAfter<T>(res: HttpResponse, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TooManyLoginAttempts) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    throw error;
  }
}
