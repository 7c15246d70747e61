import { Card, Typography } from 'antd';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { NoAccess } from '../../shared/NoAccess';
import { AssignTaskForm } from './assign/AssignTaskForm';
import { MUTED } from '../../shared/muted';

/** Giao nhiệm vụ (/nhiem-vu/giao-moi): leaders and unit managers assign within their scope. */
export function AssignTaskPage() {
  const actor = useSession()!.actor;
  if (!hasRole(actor, 'leader', 'unit_manager')) {
    return <NoAccess what="chức năng giao nhiệm vụ" />;
  }
  return (
    <Card style={{ maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Giao nhiệm vụ
      </Typography.Title>
      <Typography.Paragraph style={MUTED}>
        Các mục ghi “(không bắt buộc)” có thể để trống. Sau khi giao, đơn vị chủ trì nhận được thông
        báo và nhiệm vụ hiện trong mục “Mới giao” của đơn vị.
      </Typography.Paragraph>
      <AssignTaskForm actor={actor} />
    </Card>
  );
}
