import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import type { Environment } from '../config/environment';

/** E-mail over SMTP (nodemailer). Without SMTP_HOST, e-mail is off and the inbox alone is used. */
@Injectable()
export class MailerService {
  private readonly logger = new Logger(MailerService.name);
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(config: ConfigService<Environment, true>) {
    const host = config.get('SMTP_HOST', { infer: true });
    this.from = config.get('MAIL_FROM');
    this.transport = host
      ? createTransport({
          host,
          port: config.get('SMTP_PORT'),
          secure: config.get('SMTP_SECURE'),
          auth: config.get('SMTP_USER', { infer: true })
            ? {
                user: config.get('SMTP_USER', { infer: true }),
                pass: config.get('SMTP_PASSWORD', { infer: true }),
              }
            : undefined,
        })
      : null;
    if (!host)
      this.logger.log('SMTP_HOST is not set: e-mail is off, notifications stay in the inbox');
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(message: { to: string; subject: string; text: string }): Promise<void> {
    if (!this.transport) return;
    await this.transport.sendMail({ from: this.from, ...message });
  }
}
