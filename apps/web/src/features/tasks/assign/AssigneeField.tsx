import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useMemo } from 'react';
import { api, unwrap } from '../../../api/client';
import { foldVietnamese, unitsById, useUnits } from '../../../shared/units';

/** The users the signed-in user may see (GET /users is scoped by the API). */
export const useUsers = (enabled = true) =>
  useQuery({
    queryKey: ['users'],
    queryFn: () => unwrap(api.GET('/api/v1/users')),
    staleTime: 5 * 60_000,
    enabled,
  });

/**
 * Người thực hiện: optionally a person of the lead unit (or a unit under it) named on the task;
 * they see it under "Việc của tôi" and may accept and report on it.
 */
export function AssigneeField({ leadUnitId }: { leadUnitId?: string }) {
  const units = useUnits();
  const users = useUsers(!!leadUnitId);
  const options = useMemo(() => {
    const byId = unitsById(units.data);
    const leadPath = leadUnitId ? byId.get(leadUnitId)?.path : undefined;
    if (!leadPath) return [];
    return (users.data ?? [])
      .filter((u) => u.active && byId.get(u.unitId)?.path.startsWith(leadPath))
      .map((u) => {
        const label = `${u.fullName} – ${u.title}, ${byId.get(u.unitId)?.name ?? ''}`;
        return { value: u.id, label, search: foldVietnamese(label) };
      });
  }, [units.data, users.data, leadUnitId]);
  return (
    <Form.Item
      name="assigneeId"
      label="Người thực hiện"
      extra={
        leadUnitId
          ? 'Nếu giao đích danh cho một người của đơn vị chủ trì; người này tiếp nhận và báo cáo tiến độ.'
          : 'Chọn đơn vị chủ trì trước.'
      }
    >
      <Select
        allowClear
        loading={users.isLoading}
        placeholder="Gõ tên để tìm"
        options={options}
        showSearch={{
          filterOption: (input, option) =>
            (option as { search?: string } | undefined)?.search?.includes(foldVietnamese(input)) ??
            false,
        }}
        notFoundContent={
          leadUnitId ? 'Không có người phù hợp trong đơn vị chủ trì' : 'Chọn đơn vị chủ trì trước'
        }
      />
    </Form.Item>
  );
}
