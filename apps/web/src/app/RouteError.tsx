import { Button, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** Shown when a screen fails to load or render: a plain message and a way back, never a stack. */
export function RouteError() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Result
      status={missing ? '404' : 'error'}
      title={missing ? 'Không tìm thấy trang' : 'Đã có lỗi khi hiển thị trang'}
      subTitle={
        missing
          ? 'Địa chỉ này không tồn tại.'
          : 'Vui lòng tải lại trang. Nếu lỗi còn lặp lại, hãy báo cho quản trị hệ thống.'
      }
      extra={
        <Button type="primary" href="/">
          Về trang chính
        </Button>
      }
    />
  );
}
