import { postgresSettings } from './postgres-server';

describe('Memory settings of the private PostgreSQL', () => {
  const GB = 2 ** 30;

  it('sizes shared_buffers and effective_cache_size from the machine when nothing is configured', () => {
    expect(postgresSettings({}, 24 * GB)).toEqual({
      shared_buffers: '3072MB',
      work_mem: '32MB',
      effective_cache_size: '12288MB',
    });
    expect(postgresSettings({}, 512 * 2 ** 20).shared_buffers).toBe('128MB');
    expect(postgresSettings({}, 64 * GB).shared_buffers).toBe('4096MB');
  });

  it('takes the configured sizes and refuses values PostgreSQL would misread', () => {
    expect(
      postgresSettings(
        { PG_SHARED_BUFFERS: '1GB', PG_WORK_MEM: '8MB', PG_EFFECTIVE_CACHE_SIZE: '6GB' },
        24 * GB,
      ),
    ).toEqual({ shared_buffers: '1GB', work_mem: '8MB', effective_cache_size: '6GB' });
    expect(() => postgresSettings({ PG_WORK_MEM: '64' }, 24 * GB)).toThrow(/PG_WORK_MEM/);
    expect(() => postgresSettings({ PG_SHARED_BUFFERS: '1GB; DROP' }, 24 * GB)).toThrow(
      /PG_SHARED_BUFFERS/,
    );
  });
});
