import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../common/domain.exception';

export interface LoginThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockoutMs: number;
}

interface Counter {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/** Entries kept per map; beyond it expired entries go first, then the oldest. */
const MAX_ENTRIES = 50_000;

/**
 * Counts wrong passwords per account and per client address in a fixed window; reaching the
 * limit locks that key for the lockout period. The check runs before the password is verified,
 * so a refused attempt says nothing about whether the password was right. In memory: one API
 * process holds the counters (a restart forgets them).
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws TOO_MANY_LOGIN_ATTEMPTS (429) while the account or the address is locked. */
  assertAllowed(username: string, address: string): void {
    const now = this.now();
    const until = Math.max(
      this.lockedUntil(this.accounts, accountKey(username), now),
      this.lockedUntil(this.addresses, address, now),
    );
    if (until > now) throw new TooManyLoginAttempts(until - now);
  }

  recordFailure(username: string, address: string): void {
    const now = this.now();
    this.bump(this.accounts, accountKey(username), this.limits.maxFailuresPerAccount, now);
    this.bump(this.addresses, address, this.limits.maxFailuresPerAddress, now);
  }

  /** A right password clears the account's count (not the address's: one known account must not unlock guessing at others). */
  recordSuccess(username: string): void {
    this.accounts.delete(accountKey(username));
  }

  private lockedUntil(map: Map<string, Counter>, key: string, now: number): number {
    const counter = map.get(key);
    if (!counter) return 0;
    if (counter.lockedUntil <= now && now - counter.windowStart >= this.limits.lockoutMs) {
      map.delete(key);
      return 0;
    }
    return counter.lockedUntil;
  }

  private bump(map: Map<string, Counter>, key: string, max: number, now: number): void {
    let counter = map.get(key);
    if (
      !counter ||
      (counter.lockedUntil <= now && now - counter.windowStart >= this.limits.lockoutMs)
    ) {
      map.delete(key);
      counter = { failures: 0, windowStart: now, lockedUntil: 0 };
      this.makeRoom(map, now);
      map.set(key, counter);
    }
    counter.failures += 1;
    if (counter.failures >= max) {
      counter.lockedUntil = now + this.limits.lockoutMs;
      counter.windowStart = now;
      counter.failures = 0;
    }
  }

  /** Forgets every expired counter; the API calls it every minute so idle memory stays small. */
  sweep(): number {
    const now = this.now();
    return this.dropExpired(this.accounts, now) + this.dropExpired(this.addresses, now);
  }

  /** Entries held (accounts + addresses). */
  get size(): number {
    return this.accounts.size + this.addresses.size;
  }

  private dropExpired(map: Map<string, Counter>, now: number): number {
    let dropped = 0;
    for (const [key, c] of map) {
      if (c.lockedUntil <= now && now - c.windowStart >= this.limits.lockoutMs) {
        map.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private makeRoom(map: Map<string, Counter>, now: number): void {
    if (map.size < MAX_ENTRIES) return;
    this.dropExpired(map, now);
    for (const key of map.keys()) {
      if (map.size < MAX_ENTRIES) break;
      map.delete(key);
    }
  }
}

const accountKey = (username: string) => username.trim().toLowerCase();

/** 429 in the error shape; carries the seconds for a Retry-After header. */
export class TooManyLoginAttempts extends DomainException {
  readonly retryAfterSeconds: number;

  constructor(remainingMs: number) {
    const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'TOO_MANY_LOGIN_ATTEMPTS',
      `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
      [
        {
          field: 'username',
          rule: 'throttle',
          message: `Tạm khóa đăng nhập trong ${minutes} phút do nhập sai mật khẩu quá nhiều lần.`,
        },
      ],
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
  }
}
