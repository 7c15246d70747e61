import { LoginThrottle, TooManyLoginAttempts } from './login-throttle';

describe('LoginThrottle', () => {
  let now: number;
  let throttle: LoginThrottle;
  beforeEach(() => {
    now = 1_000_000;
    throttle = new LoginThrottle(
      { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, lockoutMs: 60_000 },
      () => now,
    );
  });

  const refusal = (username: string, address: string) => {
    try {
      throttle.assertAllowed(username, address);
      return null;
    } catch (error) {
      return error as TooManyLoginAttempts;
    }
  };

  it('locks an account at the limit of wrong passwords and unlocks it when the lockout has passed', () => {
    throttle.recordFailure('chutich', 'a');
    throttle.recordFailure('chutich', 'b');
    expect(refusal('chutich', 'c')).toBeNull();
    throttle.recordFailure('chutich', 'c');

    const error = refusal('ChuTich ', 'd');
    expect(error).toBeInstanceOf(TooManyLoginAttempts);
    expect(error!.toBody()).toMatchObject({
      statusCode: 429,
      code: 'TOO_MANY_LOGIN_ATTEMPTS',
      message: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.',
    });
    expect(error!.retryAfterSeconds).toBe(60);
    expect(refusal('admin', 'd')).toBeNull();

    now += 59_000;
    expect(refusal('chutich', 'd')).not.toBeNull();
    now += 1_000;
    expect(refusal('chutich', 'd')).toBeNull();
  });

  it('rounds the remaining lockout up to whole minutes in the message', () => {
    throttle = new LoginThrottle(
      { maxFailuresPerAccount: 1, maxFailuresPerAddress: 10, lockoutMs: 15 * 60_000 },
      () => now,
    );
    throttle.recordFailure('chutich', 'a');
    now += 30_000;
    expect(refusal('chutich', 'a')!.message).toBe(
      'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.',
    );
  });

  it('forgets failures older than the window', () => {
    throttle.recordFailure('chutich', 'a');
    throttle.recordFailure('chutich', 'a');
    now += 61_000;
    throttle.recordFailure('chutich', 'a');
    expect(refusal('chutich', 'a')).toBeNull();
  });

  it('locks an address that guesses across many usernames, but not other addresses', () => {
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) throttle.recordFailure(user, '10.0.0.9');
    expect(refusal('chutich', '10.0.0.9')).toBeInstanceOf(TooManyLoginAttempts);
    expect(refusal('chutich', '10.0.0.10')).toBeNull();
  });

  it('clears the account count on a right password but keeps the address count', () => {
    throttle.recordFailure('chutich', 'x');
    throttle.recordFailure('chutich', 'x');
    throttle.recordSuccess('chutich');
    throttle.recordFailure('chutich', 'x');
    throttle.recordFailure('chutich', 'x');
    expect(refusal('chutich', 'y')).toBeNull();
    throttle.recordFailure('other', 'x');
    expect(refusal('anyone', 'x')).toBeInstanceOf(TooManyLoginAttempts);
  });

  it('sweeps expired counters and keeps the ones still counting or locked', () => {
    throttle.recordFailure('old', 'a');
    now += 30_000;
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('locked', 'b');
    throttle.recordFailure('recent', 'c');
    expect(throttle.size).toBe(6);
    now += 31_000; // 'old' and address 'a' are past their window; the others are not
    expect(throttle.sweep()).toBe(2);
    expect(throttle.size).toBe(4);
    expect(refusal('locked', 'z')).toBeInstanceOf(TooManyLoginAttempts);
    now += 60_000;
    expect(throttle.sweep()).toBe(4);
    expect(throttle.size).toBe(0);
  });
});
